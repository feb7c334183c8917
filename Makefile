# perfbudget: `make run` serves the app with the seed data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Development settings for `make run` and the manage.py commands after it (git-ignored).
LOCAL_ENV := var/local.env

.PHONY: run test test-browser lint format setup seed clean check-prereqs screenshots \
	prod-check backup-check bench-data local-settings

check-prereqs:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "缺少 $(PYTHON)：请安装 Python 3.11 或更新版本（Debian/Ubuntu: apt-get install python3 python3-venv）。"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { echo "需要 Python 3.11 或更新版本，当前为 $$($(PYTHON) --version)。"; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { echo "缺少 venv/ensurepip：请安装 python3-venv（Debian/Ubuntu: apt-get install python3-venv）。"; exit 1; }

$(STAMP): requirements.txt requirements-dev.txt
	@$(MAKE) --no-print-directory check-prereqs
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP)

# Written once, never overwritten: DEBUG=true and a generated SECRET_KEY (sessions survive
# restarts). Without it (or DEBUG/SECRET_KEY in the environment) the app runs as in production
# and refuses to start without a key; `make setup` on a server does not write it.
$(LOCAL_ENV):
	@mkdir -p $(dir $@)
	@umask 077; { \
	  echo "# Development settings written by make run; read by perfbudget/settings.py."; \
	  echo "# Never use on a server: production settings come from the environment."; \
	  echo "DEBUG=true"; \
	  echo "SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
	} > $@.tmp && mv $@.tmp $@
	@echo "已写入开发配置 $@（DEBUG=true，随机生成的 SECRET_KEY）。"

local-settings: $(LOCAL_ENV)

seed: $(STAMP) $(LOCAL_ENV)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed
	$(PY) manage.py create_demo_accounts

run: seed
	@echo ""
	@echo "perfbudget 已启动：http://$(HOST):$(PORT)/   （演示账号见上方；按 Ctrl+C 停止）"
	@# The background worker runs batch exports and large imports; it stops with the server (Ctrl+C).
	$(PY) manage.py run_worker & WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

test-browser: $(STAMP)
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

# PNGs of the main pages (1366×768 and a tablet) for the README, taken with Debian's Chromium.
screenshots: $(STAMP)
	PERFBUDGET_SCREENSHOTS=docs/screenshots $(PY) -m pytest -q -m browser tests/browser/test_entry_screenshots.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@# The rooms' one-way imports (.importlinter, docs/architecture.md).
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Production configuration on loopback PostgreSQL: check --deploy, migrate, collectstatic,
# gunicorn, /healthz/ and the login page, then stop (#8). PROD_CHECK_SERVER=postgres://user:pw@host:port
prod-check: $(STAMP)
	$(PY) deploy/prod_check.py

# Back up a database with deploy/backup.sh and restore it into a copy; row counts must match.
BACKUP_CHECK_URL ?= postgres://postgres:postgres@127.0.0.1:5432/perfbudget_bench
backup-check:
	deploy/check_restore.sh $(BACKUP_CHECK_URL)

# Demo county on PostgreSQL for the benchmarks in bench/ (100 units × 20 projects).
BENCH_DATABASE_URL ?= postgres://postgres:postgres@127.0.0.1:5432/perfbudget_bench
bench-data: $(STAMP) $(LOCAL_ENV)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/bench_db.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
