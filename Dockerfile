# Newsroom CMS production image: the server and the desk, without the embedded (GPL) database.
# Point it at MongoDB with CMS_MONGODB_URI (a replica set: transactions need one).

# The desk: its dependencies from the committed lockfile, then codegen against the exported
# schemas (../schema from desk/), tsc and vite build into desk/dist.
FROM node:24-bookworm-slim AS desk
WORKDIR /src/desk
COPY desk/package.json desk/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY schema/management.graphql schema/delivery.graphql /src/schema/
COPY desk/ ./
RUN npm run build

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY cms ./cms
# With the otel extra, so CMS_TRACING=true works in the image (nothing of it loads while off).
RUN pip wheel --no-cache-dir --wheel-dir /wheels ".[otel]"

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    CMS_ENV=production \
    CMS_HOST=0.0.0.0 \
    CMS_PORT=8000 \
    CMS_MEDIA_DIR=/var/lib/cms/media \
    CMS_DESK_DIR=/opt/cms/desk
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels \
    && useradd --system --uid 10001 --home-dir /var/lib/cms --create-home cms \
    && mkdir -p /var/lib/cms/media && chown -R cms /var/lib/cms
# Read-only for the server: owned by root, served at /desk/.
COPY --from=desk /src/desk/dist /opt/cms/desk
USER cms
WORKDIR /var/lib/cms
VOLUME ["/var/lib/cms/media"]
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)" || exit 1
CMD ["cms", "serve"]
