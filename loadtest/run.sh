#!/usr/bin/env bash
# Load test on this machine: gunicorn + a Celery worker against PostgreSQL and Redis on
# 127.0.0.1, locust headless for a bounded time, then a check that every submission that
# locust saw succeed is stored. Everything started here is stopped here (by process id).
#
#   loadtest/run.sh                       # 50 users for 3 minutes
#   USERS=100 DURATION=2m loadtest/run.sh
#   LOAD_SHAPE=ramp RAMP_STEP=25 RAMP_SECONDS=60 RAMP_MAX=300 loadtest/run.sh
#
# Settings (environment): DATABASE_URL (default postgres://postgres@127.0.0.1:5432/pip_loadtest,
# a database of the load test's own: it is emptied and seeded), CELERY_BROKER_URL (default
# redis://127.0.0.1:6379/6), USERS, SPAWN_RATE, DURATION, WEB_WORKERS, AREAS, RESPONDENTS,
# INVITATIONS, OUT (where results go; default artifacts/loadtest-<time>).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/pip_loadtest}"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-redis://127.0.0.1:6379/6}"
USERS="${USERS:-50}"
SPAWN_RATE="${SPAWN_RATE:-10}"
DURATION="${DURATION:-3m}"
WEB_WORKERS="${WEB_WORKERS:-4}"
AREAS="${AREAS:-40}"
RESPONDENTS="${RESPONDENTS:-20}"
INVITATIONS="${INVITATIONS:-8000}"
OUT="${OUT:-artifacts/loadtest-$(date +%Y%m%d-%H%M%S)}"
# Hard ceiling on locust's run, whatever DURATION or the ramp says.
MAX_SECONDS="${MAX_SECONDS:-1500}"

mkdir -p "$OUT/media" "$OUT/static"
OUT="$(cd "$OUT" && pwd)"
PASSWORD="$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(18))')"
# Production-like settings: DEBUG off, a throwaway key, plain HTTP on 127.0.0.1 only.
export DEBUG=0
export SECRET_KEY="$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0
export MEDIA_ROOT="$OUT/media" STATIC_ROOT="$OUT/static"
export CONN_MAX_AGE=60 LOG_LEVEL=WARNING
PORT="$($BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

PIDS=()
stop_all() {
    for pid in "${PIDS[@]:-}"; do
        [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]:-}"; do
        [ -n "$pid" ] && timeout 30 tail --pid="$pid" -f /dev/null 2>/dev/null || true
    done
}
trap stop_all EXIT

echo "Seeding $DATABASE_URL ($AREAS areas × $RESPONDENTS respondents, $INVITATIONS links)…"
DEV_APPS=1 $BIN/python manage.py bench --build-only --areas "$AREAS" --respondents "$RESPONDENTS" \
    --export-responses 10 --samples 1 --load-invitations "$INVITATIONS" \
    --load-file "$OUT/load.json" --sponsor-password="$PASSWORD" 2>"$OUT/seed.log"
$BIN/python manage.py collectstatic --no-input -v 0

echo "Starting a Celery worker and gunicorn ($WEB_WORKERS workers) on 127.0.0.1:$PORT…"
$BIN/celery -A pip_portal worker --concurrency=1 -n "loadtest-$$@%h" --without-gossip \
    --without-mingle --loglevel=WARNING >"$OUT/worker.log" 2>&1 &
PIDS+=($!)
$BIN/gunicorn pip_portal.wsgi --bind "127.0.0.1:$PORT" --workers "$WEB_WORKERS" \
    --timeout 60 --access-logfile "$OUT/access.log" --error-logfile "$OUT/gunicorn.log" \
    2>>"$OUT/django.log" &
PIDS+=($!)
for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$PORT/health/" >/dev/null 2>&1 && break
    sleep 1
done
curl -fsS "http://127.0.0.1:$PORT/health/" >/dev/null

echo "Running locust: ${LOAD_SHAPE:-$USERS users for $DURATION}…"
SHAPE_ARGS=(-u "$USERS" -r "$SPAWN_RATE" -t "$DURATION")
[ "${LOAD_SHAPE:-}" = "ramp" ] && SHAPE_ARGS=(-t "$((MAX_SECONDS / 60))m")
set +e
LOAD_FILE="$OUT/load.json" LOAD_PASSWORD="$PASSWORD" LOAD_RESULTS="$OUT/results.json" \
    timeout "$MAX_SECONDS" $BIN/locust -f loadtest/locustfile.py --headless \
    --host "http://127.0.0.1:$PORT" "${SHAPE_ARGS[@]}" --csv "$OUT/locust" \
    --csv-full-history --only-summary --stop-timeout 30 >"$OUT/locust.log" 2>&1
LOCUST_STATUS=$?
set -e
tail -n 40 "$OUT/locust.log"

echo "Checking every submission is stored…"
sleep 2
$BIN/python manage.py shell -v 0 -c "
import json
from assessments.models import Response, ResponseStatus
seen = json.load(open('$OUT/results.json'))['submitted']
stored = Response.objects.filter(
    invitation__email__startswith='bench-load-', status=ResponseStatus.SUBMITTED
).count()
print(f'locust saw {seen} submissions succeed; the database holds {stored}.')
raise SystemExit(0 if stored == seen else 1)
" | tee "$OUT/stored.txt"
echo "Results in $OUT (locust exit status $LOCUST_STATUS)"
exit "$LOCUST_STATUS"
