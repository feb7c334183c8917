#!/usr/bin/env bash
# Back up the perfbudget database with pg_dump (custom format: compressed, restorable table by
# table), check that the file reads back, and delete backups older than BACKUP_KEEP_DAYS.
#   DATABASE_URL=postgres://… BACKUP_DIR=/var/backups/perfbudget deploy/backup.sh
# Prints the path of the new backup. Run nightly by systemd/perfbudget-backup.timer.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL is not set}"
BACKUP_DIR=${BACKUP_DIR:-/var/backups/perfbudget}
KEEP_DAYS=${BACKUP_KEEP_DAYS:-30}

mkdir -p "$BACKUP_DIR"
stamp=$(date +%Y%m%d-%H%M%S)
target="$BACKUP_DIR/perfbudget-$stamp.dump"
partial="$target.partial"
trap 'rm -f "$partial"' EXIT

pg_dump --format=custom --compress=6 --no-owner --no-acl --file="$partial" "$DATABASE_URL"
# A backup that pg_restore cannot list is no backup: fail loudly now, not on the day of need.
pg_restore --list "$partial" >/dev/null
mv "$partial" "$target"
find "$BACKUP_DIR" -name 'perfbudget-*.dump' -type f -mtime +"$KEEP_DAYS" -delete
echo "$target"
