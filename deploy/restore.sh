#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into a database, and the uploads.
#
#   deploy/restore.sh [--create] SNAPSHOT_DIR TARGET_DATABASE_URL [MEDIA_TARGET]
#
# --create makes the target database first (it must not exist); without it the target
# must exist and be empty. The restore stops at the first error. Afterwards it compares
# every table's row count with tables.tsv written at backup time and fails on a
# difference. Then: point DATABASE_URL at it, `gridcare migrate` (a newer release),
# `gridcare reports_refresh --full` (aggregates), start the app servers.
set -euo pipefail

create=0
if [ "${1:-}" = "--create" ]; then create=1; shift; fi
snapshot="${1:?usage: restore.sh [--create] SNAPSHOT_DIR TARGET_DATABASE_URL [MEDIA_TARGET]}"
target="${2:?TARGET_DATABASE_URL is required}"
media_target="${3:-}"
dump="$snapshot/gridcare.dump"
[ -r "$dump" ] || { echo "no readable $dump" >&2; exit 2; }

log() { printf '%s restore: %s\n' "$(date -u +%FT%TZ)" "$*" >&2; }

if [ "$create" = 1 ]; then
  name="${target##*/}"
  name="${name%%\?*}"
  maintenance="${target%/*}/postgres"
  log "creating database $name"
  psql "$maintenance" --no-psqlrc --quiet --set=ON_ERROR_STOP=1 \
    --command="CREATE DATABASE \"$name\""
fi

log "database ← $dump"
pg_restore --no-owner --no-privileges --exit-on-error --jobs="${JOBS:-2}" \
  --dbname="$target" "$dump"

if [ -r "$snapshot/tables.tsv" ]; then
  log "checking row counts against $snapshot/tables.tsv"
  psql "$target" --no-psqlrc --quiet --tuples-only --no-align --field-separator=$'\t' \
    --command="SELECT table_name, (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text::bigint FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1" \
    >"$snapshot/tables.restored.tsv"
  if ! diff -u "$snapshot/tables.tsv" "$snapshot/tables.restored.tsv" >&2; then
    echo "row counts differ from the backup" >&2
    exit 1
  fi
  log "$(wc -l <"$snapshot/tables.tsv") tables, row counts equal"
fi

if [ -n "$media_target" ] && [ -d "$snapshot/media" ]; then
  log "uploads → $media_target"
  mkdir -p "$media_target"
  rsync -a "$snapshot/media/" "$media_target/"
fi
log "done"
