#!/usr/bin/env bash
# Prove that a backup restores: back up the database at SOURCE_URL, restore it into a fresh
# database beside it, and compare the row counts of every table. Loopback PostgreSQL only.
#   deploy/check_restore.sh postgres://postgres@127.0.0.1:5432/perfbudget_bench
set -euo pipefail
source_url=${1:?usage: check_restore.sh SOURCE_DATABASE_URL}
base=${source_url%/*}
copy_name="${source_url##*/}_restore"
copy_url="$base/$copy_name"
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"; psql "$base/postgres" -qc "drop database if exists $copy_name" >/dev/null 2>&1 || true' EXIT
here=$(cd "$(dirname "$0")" && pwd)

counts() {
  psql "$1" -Atc "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1" |
    while read -r table; do echo "$table $(psql "$1" -Atc "select count(*) from \"$table\"")"; done
}

started=$(date +%s.%N)
dump=$(DATABASE_URL="$source_url" BACKUP_DIR="$workdir" "$here/backup.sh")
backed=$(date +%s.%N)
psql "$base/postgres" -qc "drop database if exists $copy_name" -c "create database $copy_name"
"$here/restore.sh" "$dump" "$copy_url"
restored=$(date +%s.%N)
if diff <(counts "$source_url") <(counts "$copy_url"); then
  printf 'restore check: OK — %s tables, backup %s (%.1f s), restore %.1f s\n' \
    "$(counts "$copy_url" | wc -l)" "$(du -h "$dump" | cut -f1)" \
    "$(echo "$backed - $started" | bc)" "$(echo "$restored - $backed" | bc)"
else
  echo "restore check: FAILED — row counts differ (above)" >&2
  exit 1
fi
