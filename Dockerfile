# Podscope container image: the production build served by Podscope's own small server
# (server/main.ts, which Next's standalone output cannot carry: Next's docs say the two do not
# combine) on Node 24, with production dependencies only; non-root, read-only root filesystem
# friendly (writes only to /tmp and the data volume). Runs in token mode: users log in with their
# own Kubernetes bearer token; Podscope's service account is never used on a user's behalf.

FROM node:24-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx next build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-slim AS run
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    PODSCOPE_HOST=0.0.0.0 \
    PODSCOPE_AUTH=token \
    PODSCOPE_ALLOW_REMOTE=1 \
    PODSCOPE_DATA_DIR=/data
COPY --from=build --chown=10001:10001 /app/package.json /app/next.config.js ./
COPY --from=build --chown=10001:10001 /app/node_modules ./node_modules
COPY --from=build --chown=10001:10001 /app/.next ./.next
COPY --from=build --chown=10001:10001 /app/public ./public
COPY --from=build --chown=10001:10001 /app/server/main.ts /app/server/bind-guard.ts ./server/
COPY --from=build --chown=10001:10001 /app/server/http/peer.ts ./server/http/
COPY --from=build --chown=10001:10001 /app/server/exec/relay-thread.ts /app/server/exec/portforward-frames.ts ./server/exec/
USER 10001:10001
EXPOSE 3000
# a young generation of 16 MB, not 64 (see "Memory" in the README)
CMD ["node", "--max-semi-space-size=8", "server/main.ts"]
