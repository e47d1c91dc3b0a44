#!/bin/sh
# Starts the example shop in the foreground: a Celery worker in the background and gunicorn
# (4 workers as in the origin, 4 threads each) on 127.0.0.1:$PORT. The gate's start-command runs
# it in its own process group and stops both at the end.
#   PYTHON (python3), PORT (8000), WEB_WORKERS (4), WEB_THREADS (4), WORKER_CONCURRENCY (2)
set -eu
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m celery -A shop_project worker --concurrency "${WORKER_CONCURRENCY:-2}" -l warning &
exec "$PYTHON" -m gunicorn --workers "${WEB_WORKERS:-4}" --threads "${WEB_THREADS:-4}" \
  --bind "127.0.0.1:${PORT:-8000}" shop_project.wsgi
