# PIP Portal: one image for web, worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=pip_portal.settings

# WeasyPrint needs Pango and HarfBuzz (subset makes renders much faster); fonts for the PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 portal
WORKDIR /app

COPY pyproject.toml README.md ./
COPY pip_portal ./pip_portal
COPY common ./common
COPY partnerships ./partnerships
COPY assessments ./assessments
COPY profiles ./profiles
COPY reports ./reports
COPY signin ./signin
RUN pip install .
COPY . .
RUN SECRET_KEY=collectstatic-only-$(python -c 'import secrets;print(secrets.token_hex(32))') \
    ALLOWED_HOSTS=localhost python manage.py collectstatic --no-input \
    && mkdir -p /app/media && chown -R portal /app/media

USER portal
EXPOSE 8000
CMD ["gunicorn", "pip_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
