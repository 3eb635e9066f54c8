# syntax=docker/dockerfile:1

# --- build: a virtualenv with the pinned dependencies, and the collected static files ---
FROM python:3.12-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
COPY pyproject.toml ./
RUN python -m venv /venv \
    && /venv/bin/pip install --no-cache-dir uv==0.13.9 \
    && /venv/bin/uv pip install --no-cache --python /venv/bin/python -r pyproject.toml \
    && /venv/bin/pip uninstall --yes uv
COPY . .
RUN DJANGO_SECRET_KEY=build-only-not-secret /venv/bin/python manage.py collectstatic --noinput

# --- runtime: slim, non-root, gunicorn ---
FROM python:3.12-slim-bookworm
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PORT=8000
RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /app portal
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build --chown=root:root /app /app
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["gunicorn", "--config", "gunicorn.conf.py", "portal.wsgi"]
