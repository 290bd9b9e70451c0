# Production image: `docker compose up --build` (see docker-compose.yml). `npm start` applies
# pending migrations, then serves the build.
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20.20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000
COPY --from=build --chown=node:node /app ./
# The media volume's mount point, owned by the user the app runs as (a new named volume takes
# its owner from it; npm start refuses to start when MEDIA_DIR is not writable).
RUN mkdir -p /app/.data/media && chown -R node:node /app/.data
USER node
EXPOSE 3000
CMD ["npm", "start"]
