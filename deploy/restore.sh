#!/usr/bin/env bash
# Restore a backup made by backup.sh into a database, in one transaction (all or nothing).
#   deploy/restore.sh /var/backups/perfbudget/perfbudget-20250101-013000.dump postgres://…/perfbudget
# The target database must exist and should be empty (create it with createdb); restoring over
# a live database is refused unless RESTORE_OVER_EXISTING=yes. Stop the web and worker services
# first when restoring the production database itself.
set -euo pipefail
dump=${1:?usage: restore.sh BACKUP.dump TARGET_DATABASE_URL}
target=${2:?usage: restore.sh BACKUP.dump TARGET_DATABASE_URL}

pg_restore --list "$dump" >/dev/null
tables=$(psql "$target" -Atc "select count(*) from information_schema.tables where table_schema = 'public'")
if [ "$tables" != 0 ] && [ "${RESTORE_OVER_EXISTING:-}" != yes ]; then
  echo "目标数据库已有 $tables 张表；如确需覆盖，请设置 RESTORE_OVER_EXISTING=yes 后重试。" >&2
  exit 1
fi
pg_restore --single-transaction --exit-on-error --clean --if-exists --no-owner --no-acl \
  --dbname="$target" "$dump"
# What came back, for the operator's log.
psql "$target" -Atc "select 'units=' || (select count(*) from projects_department)
  || ' plans=' || (select count(*) from projects_departmentplan)
  || ' projects=' || (select count(*) from projects_project)
  || ' indicators=' || (select count(*) from indicators_indicator)
  || ' users=' || (select count(*) from auth_user)"
