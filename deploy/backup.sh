#!/usr/bin/env bash
# Back up gridcare: the PostgreSQL database (pg_dump, custom format) and the uploads
# (MEDIA_ROOT, rsync into a dated snapshot hard-linked to the previous one).
#
#   DATABASE_URL=postgres://… MEDIA_ROOT=/srv/gridcare-media deploy/backup.sh [DEST]
#
# DEST (default /var/backups/gridcare) gets DEST/<UTC stamp>/{gridcare.dump,media/,
# tables.tsv} and DEST/latest → the newest snapshot. Snapshots older than KEEP_DAYS
# (default 14) are deleted. Run nightly from a timer on the worker host; copy DEST off
# the machine. Point-in-time recovery needs WAL archiving besides (docs/deploy.md).
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL (postgres://…) is required}"
dest="${1:-/var/backups/gridcare}"
keep_days="${KEEP_DAYS:-14}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
snapshot="$dest/$stamp"
mkdir -p "$snapshot"

log() { printf '%s backup: %s\n' "$(date -u +%FT%TZ)" "$*" >&2; }

log "database → $snapshot/gridcare.dump"
# One consistent snapshot of the whole database (a single transaction); no owners or
# grants, so it restores under any role.
pg_dump --format=custom --compress=6 --no-owner --no-privileges \
  --dbname="$DATABASE_URL" --file="$snapshot/gridcare.dump.part"
mv "$snapshot/gridcare.dump.part" "$snapshot/gridcare.dump"
# The archive must be readable, or the backup failed.
pg_restore --list "$snapshot/gridcare.dump" >/dev/null

# Row counts at backup time, for checking a restore (exact: count(*) per table).
psql "$DATABASE_URL" --no-psqlrc --quiet --tuples-only --no-align --field-separator=$'\t' \
  --command="SELECT table_name, (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text::bigint FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1" \
  >"$snapshot/tables.tsv"

if [ -n "${MEDIA_ROOT:-}" ] && [ -d "${MEDIA_ROOT}" ]; then
  log "uploads $MEDIA_ROOT → $snapshot/media"
  link=()
  [ -d "$dest/latest/media" ] && link=(--link-dest="$(readlink -f "$dest/latest/media")")
  rsync -a --delete "${link[@]}" "$MEDIA_ROOT/" "$snapshot/media/"
fi

ln -sfn "$stamp" "$dest/latest"
find "$dest" -mindepth 1 -maxdepth 1 -type d -name '20*Z' -mtime "+$keep_days" \
  -exec rm -rf {} +
log "done: $snapshot ($(du -sh "$snapshot" | cut -f1))"
echo "$snapshot"
