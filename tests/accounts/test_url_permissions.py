"""Every URL pattern, for every role: allowed or denied, never a leak and never a crash.

The expectations below name every URL of the project. A new URL without an entry fails
`test_every_url_pattern_has_an_expectation`, so nobody can add a page and forget its access.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from projects.models import Department, DepartmentPlan, Project
from reports.models import ExportJob
from tests.builders import bulk_department
from tests.conftest import make_user

ROLES = ["anonymous", "own_clerk", "other_clerk", "reviewer", "foreign_reviewer", "auditor",
         "admin"]  # fmt: skip
READERS = {"own_clerk", "reviewer", "auditor", "admin"}  # may read department 802010
EVERYONE = set(ROLES) - {"anonymous"}

# URL name → (roles allowed, kwargs builder). Denied roles get 404 (or 403 where the page is
# visible but the action is not theirs); anonymous users are sent to the login page.
# session_extend answers 401 (not the login page) to an ended session: tests/test_session_extend.py.
PUBLIC = {"login", "health", "logout", "api:schema", "api:not_found", "session_extend"}
EXPECTED: dict[str, set[str]] = {
    "home": EVERYONE,
    "projects:department_list": EVERYONE,
    "projects:project_list": EVERYONE,
    "projects:department_report": READERS,
    "projects:project_report": READERS,
    "projects:project_history": READERS,
    "projects:project_history_xlsx": READERS,
    "projects:plan_history": READERS,
    "projects:plan_history_xlsx": READERS,
    # Edit pages: readers see a read-only page that says why; saving is refused (see below).
    "projects:project_edit": READERS,
    "projects:plan_edit": READERS,
    "projects:project_new": READERS,
    "projects:project_delete": READERS,  # readers see why they may not; deleting is below
    # GET: the 结转 confirmation page (readers see why they may not); POST carries (#17).
    "projects:project_carry": READERS,
    "projects:department_carry": READERS,
    "projects:project_list_export": EVERYONE,
    "projects:department_list_export": EVERYONE,
    "projects:library_suggest": EVERYONE,
    "reviews:overview_latest": EVERYONE,
    "reviews:overview": EVERYONE,
    "reviews:department_review": READERS,
    "reviews:department_findings_xlsx": READERS,
    "reports:department_export": READERS,
    "reports:project_export": READERS,
    "reports:export_new": EVERYONE,
    "reports:export_job": {"admin"},  # the job belongs to the admin
    "reports:export_download": {"admin"},
    "workflow:queue": EVERYONE,
    "workflow:return": {"reviewer"},
    # GET: the confirmation page (or, when the status does not allow it, a redirect to the
    # department page with the reason); POST acts, checked by role in
    # test_workflow_actions_by_role.
    "workflow:submit": {"own_clerk"},
    "workflow:withdraw": {"own_clerk"},
    "workflow:approve": {"reviewer"},
    "workflow:unlock": {"reviewer"},
    # POST-only (no roles here): GET gives 405; the editing actions in the data-entry tests.
    "projects:project_preview": set(),
    # Import (#6): clerks and admins import; a staged import is seen by its uploader and admins.
    "imports:upload": {"own_clerk", "other_clerk", "admin"},
    "imports:template": {"own_clerk", "other_clerk", "admin"},
    "imports:preview": {"own_clerk", "admin"},
    "imports:confirm": set(),
    "imports:requeue": set(),
    # Notices (#17): everyone reads their own list; opening and marking read are POST only
    # (another user's notice is 404: tests/notices).
    "notices:list": EVERYONE,
    "notices:open": set(),
    "notices:read": set(),
    "notices:read_all": set(),
    # Monitoring and self-evaluation (#18): readers of the unit; the county view is scoped.
    "evaluation:overview": READERS,
    "evaluation:county": EVERYONE,
    "evaluation:monitoring": READERS,
    "evaluation:monitoring_export": READERS,
    "evaluation:selfeval": READERS,
    "evaluation:selfeval_export": READERS,
    "evaluation:queue": EVERYONE,
    "evaluation:monitoring_return": {"reviewer"},  # a draft: back to the page with a message
    "evaluation:selfeval_return": {"reviewer"},
    # JSON API (#6): reads also with a session; anonymous callers get 401 instead of a redirect.
    "api:departments": EVERYONE,
    "api:department_year": READERS,
    "api:department_review": READERS,
    "api:monitoring": READERS,
    "api:selfeval": READERS,
    # the stages' downloads through the API (#18): read access, as the pages' exports
    "api:department_export": READERS,
    "api:monitoring_export": READERS,
    "api:selfeval_export": READERS,
}
POST_ONLY = {name for name, roles in EXPECTED.items() if not roles}


def _named_patterns(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = pattern.namespace or namespace
            yield from _named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_pattern_has_an_expectation():
    names = set(_named_patterns())
    assert names - PUBLIC - set(EXPECTED) == set(), "add the new URLs to EXPECTED"
    assert set(EXPECTED) - names == set(), "EXPECTED names URLs that no longer exist"


@pytest.fixture
def world(db, tmp_path, settings):
    settings.EXPORTS_DIR = tmp_path
    own = bulk_department(code="802010", projects=2, indicators=3)
    other = bulk_department(code="990001", projects=1, indicators=2)
    Department.objects.filter(pk=other.pk).update(region_code="511124")
    users = {
        "own_clerk": make_user("own", "clerk", departments=[own]),
        "other_clerk": make_user("other", "clerk", departments=[other]),
        "reviewer": make_user("rev", "reviewer", region_code="130225"),
        "foreign_reviewer": make_user("frev", "reviewer", region_code="511124"),
        "auditor": make_user("aud", "auditor"),
        "admin": make_user("adm", "admin"),
    }
    users["admin"].is_superuser = users["admin"].is_staff = True
    users["admin"].save()
    job = ExportJob.objects.create(
        created_by=users["admin"],
        fiscal_year=2023,
        status=ExportJob.Status.DONE,
        file_name="2023年-全部单位-绩效目标表.zip",
        total=1,
        done=1,
    )
    from reports.services import export_job_path

    export_job_path(job).write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip
    project = Project.objects.filter(department=own).first()
    from evaluation.models import MonitoringRound, SelfEvaluation  # #18: stages to reach

    MonitoringRound.objects.create(department=own, fiscal_year=2023, period_end_month=7)
    SelfEvaluation.objects.create(department=own, fiscal_year=2023)
    return {"users": users, "project": project, "job": job}


PROJECT_URLS = {
    "projects:project_report", "projects:project_history", "projects:project_history_xlsx",
    "projects:project_edit", "projects:project_carry", "projects:project_delete",
}  # fmt: skip
DEPARTMENT_URLS = {
    "projects:department_report", "projects:plan_history", "projects:plan_history_xlsx",
    "projects:plan_edit",
    "projects:project_new", "projects:project_preview", "projects:department_carry",
    "reviews:department_review", "reviews:department_findings_xlsx", "workflow:return",
    "api:department_year", "api:department_review",
    "workflow:submit", "workflow:withdraw", "workflow:approve", "workflow:unlock",
    "evaluation:overview", "evaluation:selfeval", "api:selfeval", "evaluation:selfeval_return",
}  # fmt: skip


def _kwargs(name: str, world) -> dict:
    """Arguments of a URL: department 802010 of 2023, its first project, the admin's job."""
    if name in PROJECT_URLS:
        return {"pk": world["project"].pk}
    if name in DEPARTMENT_URLS:
        return {"code": "802010", "year": 2023}
    if name in ("imports:preview", "imports:confirm", "imports:requeue"):
        return {"pk": _import_batch(world).pk}
    return {
        "reports:export_job": {"pk": world["job"].pk},
        "reports:export_download": {"pk": world["job"].pk},
        "reports:project_export": {"pk": world["project"].pk, "fmt": "xlsx"},
        "reports:department_export": {"code": "802010", "year": 2023, "fmt": "xlsx"},
        "api:department_export": {"code": "802010", "year": 2023, "fmt": "docx"},
        "api:monitoring_export": {"code": "802010", "year": 2023, "month": 7, "fmt": "docx"},
        "api:selfeval_export": {"code": "802010", "year": 2023, "fmt": "xlsx"},
        "reviews:overview": {"year": 2023},
        "evaluation:county": {"year": 2023},
        "evaluation:monitoring": {"code": "802010", "year": 2023, "month": 7},
        "evaluation:monitoring_return": {"code": "802010", "year": 2023, "month": 7},
        "api:monitoring": {"code": "802010", "year": 2023, "month": 7},
        "evaluation:monitoring_export": {"code": "802010", "year": 2023, "month": 7, "fmt": "xlsx"},
        "evaluation:selfeval_export": {"code": "802010", "year": 2023, "fmt": "docx"},
        "notices:open": {"pk": 1},
        "notices:read": {"pk": 1},
    }.get(name, {})


def _import_batch(world):
    """A staged import uploaded by the clerk of 802010 (made once per test)."""
    if "batch" not in world:
        from imports.models import ImportBatch

        world["batch"] = ImportBatch.objects.create(
            created_by=world["users"]["own_clerk"], file_name="a.xlsx", content=b"x", size=1,
            sha256="0" * 64, kind="xlsx",
        )  # fmt: skip
    return world["batch"]


def _client_for(client, role, world):
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


def _assert_outcome(response, role: str, allowed: bool, url: str) -> None:
    status = response.status_code
    if role == "anonymous" and url.startswith("/api/"):
        assert status == 401, url
    elif role == "anonymous":
        assert status == 302 and "/accounts/login/" in response["Location"], url
    elif allowed:
        assert status in (200, 302), f"{role} should reach {url}, got {status}"
        if status == 302:
            assert "/accounts/login/" not in response["Location"], url
    else:
        assert status in (403, 404), f"{role} must not reach {url}, got {status}"


@pytest.mark.parametrize("role", ROLES)
def test_every_get_url_for_every_role(client, world, role):
    client = _client_for(client, role, world)
    for name, allowed_roles in EXPECTED.items():
        if name in POST_ONLY:
            continue
        url = reverse(name, kwargs=_kwargs(name, world))
        response = client.get(url)
        _assert_outcome(response, role, role in allowed_roles, url)


@pytest.mark.parametrize("role", ROLES)
def test_post_only_actions_refuse_get(client, world, role):
    client = _client_for(client, role, world)
    for name in POST_ONLY:
        response = client.get(reverse(name, kwargs=_kwargs(name, world)))
        expected = 302 if role == "anonymous" else 405
        assert response.status_code == expected, name


ACTION_RULES = {
    # action → (status before, the role allowed, status after)
    "workflow:submit": ("draft", "own_clerk", "submitted"),
    "workflow:withdraw": ("submitted", "own_clerk", "draft"),
    "workflow:approve": ("submitted", "reviewer", "approved"),
    "workflow:unlock": ("approved", "reviewer", "returned"),
}


@pytest.mark.parametrize("action", list(ACTION_RULES))
@pytest.mark.parametrize("role", ROLES)
def test_workflow_actions_by_role(client, world, action, role):
    before, allowed_role, after = ACTION_RULES[action]
    plan = DepartmentPlan.objects.get(department__code="802010")
    DepartmentPlan.objects.filter(pk=plan.pk).update(status=before)
    client = _client_for(client, role, world)
    url = reverse(action, kwargs={"code": "802010", "year": 2023})
    response = client.post(url, {"reason": "预算调整", "grade": "A"})
    plan.refresh_from_db()
    if role == allowed_role:
        assert response.status_code == 302
        assert plan.status == after
    else:
        assert response.status_code in (302, 403, 404)
        if role != "anonymous":
            assert response.status_code in (403, 404)
        assert plan.status == before


@pytest.mark.parametrize("role", ROLES)
def test_other_departments_pages_are_404_for_clerks_and_foreign_reviewers(client, world, role):
    """Department B (990001, another county) is invisible to 802010's clerk and reviewer."""
    client = _client_for(client, role, world)
    other_project = Project.objects.get(department__code="990001")
    urls = [
        reverse("projects:department_report", args=["990001", 2023]),
        reverse("projects:project_report", args=[other_project.pk]),
        reverse("reports:department_export", args=["990001", 2023, "docx"]),
        reverse("reports:project_export", args=[other_project.pk, "xlsx"]),
        reverse("reviews:department_review", args=["990001", 2023]),
        reverse("projects:project_history", args=[other_project.pk]),
    ]
    for url in urls:
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302
        elif role in {"own_clerk", "reviewer"}:
            assert response.status_code == 404, url
        else:
            assert response.status_code == 200, url


def test_lists_show_only_visible_departments(client, world):
    client.force_login(world["users"]["own_clerk"])
    html = client.get("/projects/").content.decode()
    assert "批量单位802010" in html and "批量单位990001" not in html
    html = client.get("/departments/").content.decode()
    assert "802010" in html and "990001" not in html
    home = client.get("/").content.decode()
    assert "990001" not in home


def test_a_budget_of_another_unit_never_appears_in_the_county_overview_for_a_clerk(client, world):
    Project.objects.filter(department__code="990001").update(
        budget_total=Decimal("777.77"), fiscal_funds=Decimal("777.77")
    )
    client.force_login(world["users"]["own_clerk"])
    assert "777.77" not in client.get("/reviews/2023/").content.decode()
    client.force_login(world["users"]["auditor"])
    assert "777.77" in client.get("/reviews/2023/").content.decode()
