"""Simulated users against a running server on loopback: a mix of list, report, edit, export.

Usage (bench/load.sh starts gunicorn and runs this):
    .venv/bin/python bench/load.py --base http://127.0.0.1:8400 --users 50 --seconds 60
Each user logs in as the clerk of one generated unit (demo-clerk-7xxxxx) whose 2024 targets are
still editable, then loops until the time is up: pick an action from MIX, do it, wait 0.5–2 s (a
person reading), like a locust user with `between(0.5, 2)`. "save" opens a project's editor and
posts the form back as the browser would (a real save: validation, one transaction, history;
a refused concurrent save also counts as answered). Logins are not counted. Prints throughput,
p50/p95/p99 and errors.
Loopback only; the run stops by itself after --seconds.
"""

from __future__ import annotations

import argparse
import html.parser
import http.client
import random
import statistics
import threading
import time
from collections import Counter
from urllib.parse import urlencode, urlsplit

MIX = [("list", 30), ("report", 30), ("project", 15), ("edit", 10), ("save", 5), ("export", 10)]
OK = {"save": (200, 302)}  # a save redirects; a refused (concurrent) save shows the form again
SORTS = ["-budget_total", "name", "code"]
PASSWORD = "demo-clerk-2024"
PROXY = {"X-Forwarded-Proto": "https"}  # as the TLS-terminating load balancer sends it


class User:
    """One simulated clerk with a keep-alive connection and a session cookie."""

    def __init__(self, base: str, code: str, projects: list[int], rng: random.Random):
        parts = urlsplit(base)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("load tests run against loopback only")
        self.host, self.port = parts.hostname, parts.port
        self.code, self.projects, self.rng = code, projects, rng
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        headers = dict(PROXY)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://{self.host}:{self.port}{path}"
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                if attempt:
                    raise
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _sep, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def login(self) -> None:
        self.request("GET", "/accounts/login/")
        form = {
            "username": f"demo-clerk-{self.code}",
            "password": PASSWORD,
            "csrfmiddlewaretoken": self.cookies["csrftoken"],
        }
        status, _ = self.request("POST", "/accounts/login/", urlencode(form))
        if status != 302:
            raise SystemExit(f"login of demo-clerk-{self.code} failed ({status})")

    def next_path(self, year: int) -> tuple[str, str]:
        kind = self.rng.choices([k for k, _ in MIX], weights=[w for _, w in MIX])[0]
        project = self.rng.choice(self.projects)
        paths = {
            "list": f"/projects/?fiscal_year={year}&sort={self.rng.choice(SORTS)}",
            "report": f"/departments/{self.code}/{year}/",
            "project": f"/projects/{project}/",
            "edit": f"/projects/{project}/edit/",
            "save": f"/projects/{project}/edit/",
            "export": f"/projects/{project}/export.xlsx",
        }
        return kind, paths[kind]

    def save(self, path: str) -> int:
        """Open the editor, change the purpose text a little (a trailing 。 added or removed, so
        the data stays bounded) and post the form back; both requests are timed."""
        status, page = self.request("GET", path)
        if status != 200:
            return status
        fields = FormFields("project-form")
        fields.feed(page.decode("utf-8"))
        pairs = [
            (name, (value[:-1] if value.endswith("。") else value + "。"))
            if name == "purpose"
            else (name, value)
            for name, value in fields.pairs
        ]
        status, _ = self.request("POST", path, urlencode(pairs))
        return status


class FormFields(html.parser.HTMLParser):
    """The name/value pairs a browser would submit for one <form> (inputs, selects, text)."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside = form_id, False
        self.pairs: list[tuple[str, str]] = []
        self.select: str | None = None
        self.textarea: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.pairs.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in a:
            self.pairs.append((self.select, a.get("value") or ""))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            # The browser drops the one newline that follows <textarea>.
            self.pairs.append((self.textarea, "".join(self.text).removeprefix("\n")))
            self.textarea = None


def run_user(user: User, year: int, until: float, results: list, lock: threading.Lock) -> None:
    while time.monotonic() < until:
        kind, path = user.next_path(year)
        start = time.perf_counter()
        try:
            if kind == "save":
                status = user.save(path)
                status = 200 if status in OK["save"] else status
            else:
                status, _ = user.request("GET", path)
        except OSError as error:
            status = f"error {error.__class__.__name__}"
        elapsed = (time.perf_counter() - start) * 1000
        with lock:
            results.append((kind, status, elapsed))
        time.sleep(min(user.rng.uniform(0.5, 2.0), max(0.0, until - time.monotonic())))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def report(results: list, seconds: float) -> None:
    times = [ms for _, _, ms in results]
    errors = Counter(str(s) for _, s, _ in results if s != 200)
    print(
        f"requests {len(results)} in {seconds:.0f} s = {len(results) / seconds:.1f} req/s; "
        f"errors {sum(errors.values())} {dict(errors) or ''}"
    )
    print(
        f"latency ms: p50 {percentile(times, 0.5):.0f}  p95 {percentile(times, 0.95):.0f}  "
        f"p99 {percentile(times, 0.99):.0f}  max {max(times):.0f}"
    )
    for kind, _weight in MIX:
        mine = [ms for k, _, ms in results if k == kind]
        if mine:
            print(
                f"  {kind:<8} n={len(mine):<5} p50 {statistics.median(mine):6.0f}  "
                f"p95 {percentile(mine, 0.95):6.0f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8400")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--units", required=True, help="file of lines: unit code, project ids")
    options = parser.parse_args()
    with open(options.units, encoding="utf-8") as lines:
        units = [line.split() for line in lines if line.strip()]
    rng = random.Random(8)
    users = [
        User(options.base, code, [int(p) for p in projects], random.Random(rng.random()))
        for code, *projects in (units[n % len(units)] for n in range(options.users))
    ]
    results: list = []
    lock = threading.Lock()
    print(f"{options.users} users, {options.seconds:.0f} s, mix {dict(MIX)} (%), think 0.5–2 s")
    for user in users:  # log in first: password hashing is not what we measure
        user.login()
    until = time.monotonic() + options.seconds
    started = time.monotonic()
    threads = [
        threading.Thread(target=run_user, args=(u, options.year, until, results, lock), daemon=True)
        for u in users
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=options.seconds + 60)
    report(results, time.monotonic() - started)


if __name__ == "__main__":
    main()
