/**
 * `npm run edge`: Varnish with edge/causeway.vcl in front of the origin(s), for a production-like
 * setup on one machine (docker-compose.yml's `edge` service does the same in containers).
 *
 * EDGE_PORT (default 8080): where readers reach it. EDGE_ORIGIN_URLS (default
 * http://127.0.0.1:$PORT, PORT defaulting to 3000): comma-separated origins, each probed at
 * /api/ready. EDGE_PURGE_SECRET: required, shared with the origins, which purge the edge after
 * every change when started with EDGE_PURGE_URLS pointing here. EDGE_CACHE_MB (default 256).
 * Ctrl-C stops it; its cache goes with it (in memory only).
 */
import { loadEnv } from 'payload/node'

import { EdgeConfigurationError, edgeSecret } from '@/lib/cache/edge.mjs'
import { ConfigurationError, wholeNumberSetting } from '@/lib/runtimeConfig'
import { runMain, step } from '@/tooling/cli'
import { edgeMissing, startEdge } from '@/tooling/edge'
import { projectRoot } from '@/tooling/paths'

runMain(async () => {
  loadEnv(projectRoot)
  const env = process.env
  const missing = edgeMissing(env)
  if (missing) throw new ConfigurationError(missing)
  const port = wholeNumberSetting(env, 'EDGE_PORT', { fallback: 8080, min: 1, max: 65535 })
  const cacheMb = wholeNumberSetting(env, 'EDGE_CACHE_MB', {
    fallback: 256,
    min: 16,
    max: 1_048_576,
    unit: 'megabytes',
  })
  let secret: string
  let origins: URL[]
  try {
    secret = edgeSecret(env)
    origins = (env.EDGE_ORIGIN_URLS?.trim() || `http://127.0.0.1:${env.PORT?.trim() || 3000}`)
      .split(',')
      .map((value) => {
        try {
          return new URL(value.trim())
        } catch {
          throw new EdgeConfigurationError(`EDGE_ORIGIN_URLS has "${value.trim()}", which is not a URL.`)
        }
      })
  } catch (error) {
    if (error instanceof EdgeConfigurationError) throw new ConfigurationError(error.message)
    throw error
  }

  step(`Starting Varnish on port ${port} in front of ${origins.map((origin) => origin.origin).join(', ')}`)
  const edge = await startEdge({ port, host: '0.0.0.0', origins, secret, storage: `malloc,${cacheMb}m` }).catch(
    (error: Error) => {
      throw error instanceof EdgeConfigurationError ? new ConfigurationError(error.message) : error
    },
  )
  step(
    `Readers: http://127.0.0.1:${port}. Start each origin with EDGE_PURGE_URLS=http://127.0.0.1:${port} and this ` +
      'EDGE_PURGE_SECRET, so that it marks pages for the edge and purges them after every change. Ctrl-C stops.',
  )
  let stopping = false
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return
      stopping = true
      void edge.stop().then(() => process.exit(0))
    })
  }
  edge.process.on('exit', (code, signal) => {
    if (stopping) return
    console.error(`Varnish stopped unexpectedly (${signal ?? `exit code ${code}`}).`)
    process.exit(1)
  })
})
