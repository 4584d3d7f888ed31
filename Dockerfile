# syntax=docker/dockerfile:1
# The plan tracker in one image: the same code, settings and processes as docs/deploy.md describes for a VM.
# Not built in CI here (the CI machine has no Docker); what CI proves instead is in docs/deploy.md, "Docker".
#
#   docker build -t plan-tracker .
#   docker run --rm --env-file tracker.env plan-tracker python manage.py release     # every upgrade, before the rest
#   docker run -d --env-file tracker.env -p 127.0.0.1:8000:8000 plan-tracker         # web (gunicorn)
#   docker run -d --env-file tracker.env plan-tracker python manage.py db_worker      # task worker, any number
#   docker run -d --env-file tracker.env plan-tracker python manage.py scheduler      # scheduler
#
# tracker.env: deploy/systemd/tracker.env.example without the quotes (docker's --env-file keeps them).

# --- 1. Static assets: GOV.UK Frontend compiled with sass into static/dist (Node is needed for the build only) ----
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/ scripts/
COPY static/src/ static/src/
RUN npm run build

# --- 2. The application -------------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=bscb.settings.production \
    GUNICORN_BIND=0.0.0.0:8000 \
    XDG_CACHE_HOME=/tmp/.cache

# WeasyPrint's libraries (the board pack PDF) and the fonts it renders with; fc-cache builds the system font cache.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fontconfig \
    && rm -rf /var/lib/apt/lists/* \
    && fc-cache -f

WORKDIR /app
# The pinned packages first, so that a code change does not reinstall them.
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .
COPY --from=assets /build/static/dist static/dist

# Static files collected into var/staticfiles with hashed names (WhiteNoise serves them). Production settings refuse
# to load without a secret key, SITE_URL and ALLOWED_HOSTS: these placeholders exist for this one command only and
# are not kept in the image; the real values come from the environment when a container starts.
RUN DJANGO_SECRET_KEY=build-time-placeholder-used-only-by-collectstatic-not-a-secret \
    SITE_URL=https://build.invalid \
    ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --no-input --verbosity 0 \
    && python -m compileall -q .

# A user of its own; the code belongs to root (read-only to the service), var/ to the service (`release` rewrites
# var/staticfiles; nothing else is written).
RUN groupadd --system --gid 10001 tracker \
    && useradd --system --uid 10001 --gid tracker --home-dir /app --no-create-home --shell /usr/sbin/nologin tracker \
    && chown -R tracker:tracker /app/var
USER tracker

EXPOSE 8000
# /healthz over plain HTTP (exempt from the HTTPS redirect), with a Host header that ALLOWED_HOSTS accepts.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request as r; host = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); host = 'localhost' if host in ('', '*') else host; port = os.environ.get('GUNICORN_BIND', '0.0.0.0:8000').rsplit(':', 1)[-1]; sys.exit(0 if r.urlopen(r.Request(f'http://127.0.0.1:{port}/healthz', headers={'Host': host}), timeout=8).status == 200 else 1)"]

CMD ["gunicorn", "-c", "gunicorn.conf.py"]
