"""gunicorn settings for perfbudget: `gunicorn -c deploy/gunicorn.conf.py perfbudget.wsgi`.

Every value can be overridden from the environment (systemd `EnvironmentFile=`), so one file
serves a 2-core county server and a larger machine alike.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from datetime import UTC, datetime

from gunicorn.glogging import Logger

# Sync workers: each serves one request at a time, and the pages are short database reads.
# 2 × cores + 1 keeps the CPUs busy while some workers wait for PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# A single department's Word/Excel download is built in the request; batch exports are not.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Restart a worker now and then, so that a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
preload_app = True  # import Django once, then fork: faster boot, shared memory
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# The load balancer terminates TLS and sets X-Forwarded-Proto; trust it on these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "perfbudget"


class JSONLogger(Logger):
    """Access log lines as JSON (one object per request), like the application's own logs."""

    def access(self, resp, req, environ, request_time):
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.syslog):
            return
        entry = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "method": req.method,
            "path": req.path,
            "query": req.query,
            "status": int(str(resp.status).split()[0]),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "remote": environ.get("HTTP_X_FORWARDED_FOR") or req.remote_addr,
            "agent": environ.get("HTTP_USER_AGENT", ""),
        }
        self.access_log.info(json.dumps(entry, ensure_ascii=False))


logger_class = JSONLogger
