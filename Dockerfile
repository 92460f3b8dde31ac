# syntax=docker/dockerfile:1
# Switchboard's image: one image for every role (SWITCHBOARD_ROLE=all|web|worker).
# Node 24 runs the server's TypeScript directly (type stripping): only the web app is built.
# Not built in CI (images cannot be pulled there); server/src/deploy-files.test.ts lints this file.

# The web app, built with the dev dependencies (Vite …).
FROM node:24-slim AS web-build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contract/package.json packages/contract/
COPY server/package.json server/
COPY web/package.json web/
COPY tools/telegram-sim/package.json tools/telegram-sim/
# No install scripts: the dev-only embedded PostgreSQL's is not needed to build the web app.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY packages packages
COPY web web
RUN node web/scripts/build.ts --force

# Production dependencies only.
FROM node:24-slim AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contract/package.json packages/contract/
COPY server/package.json server/
COPY web/package.json web/
COPY tools/telegram-sim/package.json tools/telegram-sim/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:24-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    SWITCHBOARD_ROLE=all
WORKDIR /app
COPY --from=runtime-deps /app/node_modules node_modules
COPY package.json package-lock.json ./
# The API contract (schemas, error codes) the server's routes import as @switchboard/contract.
COPY packages packages
COPY server server
COPY --from=web-build /app/web/dist web/dist
# The data folder (the embedded database, media) belongs to the unprivileged user the server runs as.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Every role answers /api/health (a worker serves only it and /metrics).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=1", "server/src/main.ts"]
