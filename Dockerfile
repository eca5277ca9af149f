# syntax=docker/dockerfile:1
# gitops-guard GitHub App: one image, two roles (APP_ROLE=web | worker | all). See docs/deploy.md.

ARG NODE_VERSION=20.19.5
ARG HELM_VERSION=v3.17.3
ARG KUSTOMIZE_VERSION=v5.6.0

# 1. Build: all dependencies (the native better-sqlite3 builds here), type-checked build, then
#    production dependencies only.
FROM node:${NODE_VERSION}-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# 2. The official helm and kustomize release binaries, pinned by version and checked against
#    the checksums their projects publish with each release.
FROM debian:bookworm-slim AS tools
ARG HELM_VERSION
ARG KUSTOMIZE_VERSION
ARG TARGETARCH=amd64
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /tools
RUN curl -fsSLO "https://get.helm.sh/helm-${HELM_VERSION}-linux-${TARGETARCH}.tar.gz" \
 && curl -fsSL "https://get.helm.sh/helm-${HELM_VERSION}-linux-${TARGETARCH}.tar.gz.sha256sum" | sha256sum -c - \
 && tar -xzf "helm-${HELM_VERSION}-linux-${TARGETARCH}.tar.gz" --strip-components=1 "linux-${TARGETARCH}/helm"
RUN curl -fsSLO "https://github.com/kubernetes-sigs/kustomize/releases/download/kustomize%2F${KUSTOMIZE_VERSION}/kustomize_${KUSTOMIZE_VERSION}_linux_${TARGETARCH}.tar.gz" \
 && curl -fsSL "https://github.com/kubernetes-sigs/kustomize/releases/download/kustomize%2F${KUSTOMIZE_VERSION}/checksums.txt" | grep " kustomize_${KUSTOMIZE_VERSION}_linux_${TARGETARCH}.tar.gz\$" | sha256sum -c - \
 && tar -xzf "kustomize_${KUSTOMIZE_VERSION}_linux_${TARGETARCH}.tar.gz" kustomize

# 3. Runtime: Node LTS, no compiler, non-root, the queue file on a volume.
FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    APP_ROLE=all \
    HOST=0.0.0.0 \
    PORT=3000 \
    QUEUE_DB=/data/gitops-guard-queue.sqlite
# git fetches the Kustomize remote bases that render.remoteBases allows (docs/rendering.md).
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=tools /tools/helm /tools/kustomize /usr/local/bin/
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY package.json app.yml ./
COPY policies ./policies
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/app/start.js"]
