# syntax=docker/dockerfile:1
# Node 22 LTS (maintained until April 2027); the code also runs on Node 20 (engines: >=20.11).
ARG NODE_IMAGE=node:22-bookworm-slim

# Build stage: compile TypeScript to dist/, then keep production dependencies only. better-sqlite3
# is a native module: its install script builds it here when no prebuilt binary can be fetched.
FROM ${NODE_IMAGE} AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev
# No compiler in what ships: tsx, esbuild and typescript are development dependencies.
RUN test ! -e node_modules/tsx && test ! -e node_modules/esbuild && test ! -e node_modules/typescript

# Runtime stage: compiled code, production dependencies, config and content; no sources, no compiler.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    LOG_FORMAT=json \
    HTTP_HOST=0.0.0.0 \
    STATE_DIR=/var/lib/civicast
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY config ./config
COPY templates ./templates
COPY locales ./locales
COPY translations ./translations
COPY faq ./faq
COPY statements ./statements
COPY web ./web
COPY assets ./assets
RUN mkdir -p /var/lib/civicast /app/.civicast /app/var && chown -R node:node /var/lib/civicast /app/.civicast /app/var
USER node
# The embedded store (SQLite, one file) lives here: mount a volume, one container per volume
# (a second one refuses to start on a locked store); several containers need REDIS_URL.
VOLUME ["/var/lib/civicast"]
EXPOSE 8080
# Liveness only: /healthz reads nothing, so a Redis blip does not mark the container unhealthy.
# /readyz (store, campaign work, failing channels, feeds) is for on-call and routing decisions.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
# Exec form: node is PID 1's child-free main process and receives SIGTERM directly; shutdown
# finishes within --drain-seconds (default 7), before Docker's kill after 10 s.
CMD ["node", "bin/civicast.js", "start"]
