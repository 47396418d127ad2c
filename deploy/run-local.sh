#!/usr/bin/env bash
# Start the production-like set on one machine: 2 uvicorn app servers (:8001, :8002),
# a task worker and the timers (deploy/clock.py), on PostgreSQL + Redis.
#
#   deploy/run-local.sh            # DATABASE_URL etc. from deploy/local.env
#   DEMO_SCALE=0.01 deploy/run-local.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"

# deploy/local.env, without overriding what the caller exported.
while IFS='=' read -r key value; do
  [[ -z "$key" || "$key" == \#* ]] && continue
  [[ -z "${!key:-}" ]] && export "$key=$value"
done <deploy/local.env

db_name="${DATABASE_URL##*/}"
createdb -h 127.0.0.1 -U postgres "$db_name" 2>/dev/null || true
gridcare migrate --noinput
gridcare collectstatic --noinput -v0
gridcare demo_data --scale "${DEMO_SCALE:-0.01}" --if-empty
exec honcho start -f Procfile
