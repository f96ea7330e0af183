# Production image: gunicorn serving config.wsgi, static files through whitenoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system app \
    && useradd --system --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=app:app . .
# Named volumes mounted here start with this ownership.
RUN mkdir -p media staticfiles var && chown app:app media staticfiles var

USER app

# Static files are collected into the image so it also runs without the compose
# start command; the key below exists only for this build step.
RUN DEBUG=false SECRET_KEY=build-only-collectstatic-key-not-used-at-runtime \
    python manage.py collectstatic --noinput

EXPOSE 8000
# Worker count comes from WEB_CONCURRENCY (gunicorn reads it), default 1.
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--timeout", "120"]
