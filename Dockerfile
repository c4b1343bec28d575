# Open Wijkteam — ONE image for the three processes of the Procfile (docs/adr/0010-production-process-model.md).
#
# NOT BUILT OR TESTED: no container engine runs on the machine where this file was written. It documents the
# process model; treat it as a starting point and test it before use.
#
#   docker build -t openwijkteam .
#   docker run -e SECRET_KEY=... -e AUDIT_CHAIN_KEY=... -e DATABASE_URL=... -e CELERY_BROKER_URL=... \
#       -e ALLOWED_HOSTS=... -p 8000:8000 openwijkteam                                   # web
#   docker run ... openwijkteam celery -A config worker --loglevel INFO                  # worker
#   docker run ... openwijkteam celery -A config beat --loglevel INFO                    # scheduler (exactly one)
# Run `python manage.py migrate` once per release (a one-off container) before the new web processes start.

FROM node:22-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim-bookworm
# WeasyPrint (PDF) needs Pango, and HarfBuzz-Subset to embed font subsets fast (without it WeasyPrint falls back to
# fontTools: ~0.3 s more CPU per letter or inzage export, ADR 0005); libpq is bundled in psycopg[binary].
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY --from=assets /app/node_modules ./node_modules
COPY . .
# The English catalogues are compiled from the committed .po files (core/translations.py); .mo is never committed.
RUN python -m core.translations
# collectstatic needs settings but no secrets of the installation: throwaway values for this step only.
RUN DEBUG=false SECRET_KEY=build-only-not-secret-build-only-not-secret-build-only \
    AUDIT_CHAIN_KEY=build-only-audit-chain-key-not-secret python manage.py collectstatic --no-input -v0
RUN useradd --system --uid 10001 owt && mkdir -p var && chown owt var
USER owt
ENV GUNICORN_BIND=0.0.0.0:8000 PYTHONUNBUFFERED=1
EXPOSE 8000
CMD ["gunicorn", "--config", "config/gunicorn.conf.py"]
