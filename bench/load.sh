#!/usr/bin/env bash
# Load test on loopback: gunicorn (production settings) + PostgreSQL + the generated county.
#   1. 50 simulated clerks for 60 s: list, report, project, edit page, save, .xlsx export
#      (bench/load.py)
#   2. the same users for EXPORT_SECONDS while the export worker builds the county-wide zip
#      (every 2024 unit, Word + Excel + summary): the job's time and the pages' latency meanwhile.
#   3. wrk, 2 threads × 20 connections for 20 s, on the seed department report, gunicorn with
#      2 workers; and on /healthz/ (four small queries, no template) for comparison.
#   4. the same wrk run on bench/bare_django.py (a bare response and a 360-cell template, no
#      database, gunicorn 2 workers): this machine's calibration against the goal's reference.
# Usage: bench/load.sh   (USERS=50 DURATION=60 WRK_SECONDS=20 BENCH_DATABASE_URL=… to change)
# Everything runs on 127.0.0.1, is bounded in time and stops by itself; gunicorn is stopped
# on exit. wrk is optional (apt-get install wrk); without it step 2 is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/perfbudget_bench}
export DEBUG=false SECRET_KEY=bench-only-key-0123456789-abcdefghijklmnopqrstuvwxyz ALLOWED_HOSTS=127.0.0.1
export LOG_LEVEL=WARNING GUNICORN_ACCESS_LOG= CONN_MAX_AGE=600
PORT=${PORT:-8400}
USERS=${USERS:-50}
DURATION=${DURATION:-60}
WRK_SECONDS=${WRK_SECONDS:-20}
EXPORT_SECONDS=${EXPORT_SECONDS:-60}
work=$(mktemp -d)
server=""
worker=""
stop_server() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; fi; }
stop_worker() { if [ -n "$worker" ]; then kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true; worker=""; fi; }
trap 'stop_worker; stop_server; rm -rf "$work"' EXIT
export EXPORTS_DIR="$work/exports"

start_server() {  # $1 = workers ("" = from the CPU count, as in production)
  WEB_CONCURRENCY=${1:-$(( $(nproc) * 2 + 1 ))} GUNICORN_BIND=127.0.0.1:$PORT \
    $PY -m gunicorn -c deploy/gunicorn.conf.py perfbudget.wsgi >"$work/gunicorn.log" 2>&1 &
  server=$!
  for _ in $(seq 1 60); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz/" && return
    sleep 0.5
  done
  cat "$work/gunicorn.log"; exit 1
}

$PY bench/bench_db.py >/dev/null
$PY manage.py collectstatic --noinput -v 0
$PY manage.py shell -v 0 -c "
from projects.models import DepartmentPlan, Project
from collections import defaultdict
# Units whose 2024 targets a clerk may still edit (draft or returned), so saves are real saves.
editable = DepartmentPlan.objects.filter(fiscal_year=2024, status__in=['draft', 'returned'], department__code__startswith='7').values('department_id')
units = defaultdict(list)
for code, pk in Project.objects.filter(fiscal_year=2024, department_id__in=editable).values_list('department__code', 'pk'):
    units[code].append(str(pk))
print('\n'.join(f'{c} ' + ' '.join(p) for c, p in sorted(units.items())))
" >"$work/units.txt"

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME"), PostgreSQL $(psql "$DATABASE_URL" -Atc 'show server_version' 2>/dev/null || echo '?')"
start_server ""
echo "== ${USERS} users for ${DURATION} s, gunicorn $(( $(nproc) * 2 + 1 )) workers"
timeout $(( DURATION + 120 )) $PY bench/load.py --base "http://127.0.0.1:$PORT" --users "$USERS" \
  --seconds "$DURATION" --units "$work/units.txt"

echo "== ${USERS} users for ${EXPORT_SECONDS} s while the worker exports every 2024 unit to one zip"
$PY manage.py run_worker --no-startup-delay >"$work/worker.log" 2>&1 &
worker=$!
job=$($PY manage.py shell -v 0 -c "
from django.contrib.auth import get_user_model
from reports.services import export_job_create
job = export_job_create(user=get_user_model().objects.get(username='admin'), fiscal_year=2024, department_codes=[])
print(job.pk)
")
timeout $(( EXPORT_SECONDS + 120 )) $PY bench/load.py --base "http://127.0.0.1:$PORT" --users "$USERS" \
  --seconds "$EXPORT_SECONDS" --units "$work/units.txt"
for _ in $(seq 1 600); do
  state=$($PY manage.py shell -v 0 -c "
from reports.models import ExportJob
j = ExportJob.objects.get(pk=$job)
print(j.status, j.done, j.total, round((j.finished_at - j.created_at).total_seconds(), 1) if j.finished_at else '-')
")
  case "$state" in done*|failed*) break ;; esac
  sleep 1
done
echo "   export job: status done/total seconds = $state; zip $(du -h "$EXPORTS_DIR"/*.zip 2>/dev/null | cut -f1)"
stop_worker
stop_server

if ! command -v wrk >/dev/null; then echo "== wrk not installed: skipped"; exit 0; fi
start_server 2
cookie=$($PY - "$PORT" <<'PYEOF'
import sys
sys.path.insert(0, "bench")
from load import User
import random
user = User(f"http://127.0.0.1:{sys.argv[1]}", "802010", [1], random.Random(1))
user.request("GET", "/accounts/login/")
from urllib.parse import urlencode
form = {"username": "auditor", "password": "auditor-demo-2023", "csrfmiddlewaretoken": user.cookies["csrftoken"]}
status, _ = user.request("POST", "/accounts/login/", urlencode(form))
assert status == 302, status
print(f"sessionid={user.cookies['sessionid']}")
PYEOF
)
for path in /departments/802010/2023/ /healthz/; do
  echo "== wrk -t2 -c20 -d${WRK_SECONDS}s $path (gunicorn 2 workers)"
  timeout $(( WRK_SECONDS + 30 )) wrk -t2 -c20 -d"${WRK_SECONDS}s" --latency \
    -H "Cookie: $cookie" -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT$path" |
    grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors|requests in"
done
stop_server

echo "== calibration: bench/bare_django.py (no database), gunicorn 2 workers"
(cd bench && exec ../$PY -m gunicorn -w 2 -b 127.0.0.1:$PORT --log-level warning bare_django:application) \
  >"$work/bare.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.5; done
for path in / /cells/; do
  echo "== wrk -t2 -c20 -d${WRK_SECONDS}s $path (bare Django)"
  timeout $(( WRK_SECONDS + 30 )) wrk -t2 -c20 -d"${WRK_SECONDS}s" --latency "http://127.0.0.1:$PORT$path" |
    grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors|requests in"
done
