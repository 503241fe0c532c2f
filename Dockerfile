# syntax=docker/dockerfile:1
# The dualrun worker image: the same container runs on Knative and on Cloud Run.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# tsc, then the bundles that dist/src/startup/start.js runs (src/startup/build/bundle.ts, esbuild):
# dist/bundle/main.js, the worker, and dist/bundle/vision.js, the Vision client it loads on first use.
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
# The V8 code caches of the two bundles, written here, by the node binary of this image, which is
# the one that reads them, never at run time (the root filesystem can be read-only):
# src/startup/build/code-cache.ts runs the worker's bundle once and answers two warm-up events (its
# log lines are dropped), and labels through the Vision client's bundle over REST and gRPC against
# local stand-ins on 127.0.0.1 (no network, no credentials). A cache V8 rejects at start (another
# node) only costs the compile it would save.
RUN node dist/src/startup/build/code-cache.js > /dev/null
# A non-root user with a high uid/gid, matching the Knative chart's securityContext (runAsUser and
# runAsGroup 10001, charts/constructs/worker-container.ts): above 10000 so it maps to no user of the node. The
# worker writes no files, so the root filesystem can be read-only.
USER 10001:10001
EXPOSE 8080
# node directly (not npm) so that SIGTERM reaches the worker and its drain runs.
CMD ["node", "dist/src/startup/start.js"]
