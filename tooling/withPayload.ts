import type { Payload } from 'payload'

import { preloadLexical } from '@/tooling/preloadLexical'
import { shutdownPayload } from '@/tooling/db/shutdown'

/**
 * Boots Payload through the Local API for a script, runs `task`, and shuts Payload down.
 * The config reads DATABASE_URL and PAYLOAD_SECRET when imported, so set them first.
 */
export async function withPayload<T>(task: (payload: Payload) => Promise<T>): Promise<T> {
  await preloadLexical()
  const { getPayload } = await import('payload')
  const { default: config } = await import('@payload-config')
  // In development getPayload() opens a websocket to the Next.js dev server (for config hot
  // reload); a script has none, and its children (next dev) must keep the default.
  const previous = process.env.DISABLE_PAYLOAD_HMR
  process.env.DISABLE_PAYLOAD_HMR = 'true'
  const payload = await getPayload({ config }).finally(() => {
    if (previous === undefined) delete process.env.DISABLE_PAYLOAD_HMR
    else process.env.DISABLE_PAYLOAD_HMR = previous
  })
  try {
    return await task(payload)
  } finally {
    await shutdownPayload(payload)
  }
}
