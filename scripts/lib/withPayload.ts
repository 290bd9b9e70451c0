import type { Payload } from 'payload'

import { shutdownPayload } from '@/lib/shutdownPayload'

/**
 * Boots Payload through the Local API for a script, runs `task`, and shuts Payload down.
 * The config reads DATABASE_URL and PAYLOAD_SECRET when imported, so set them first.
 */
export async function withPayload<T>(task: (payload: Payload) => Promise<T>): Promise<T> {
  const { getPayload } = await import('payload')
  const { default: config } = await import('@payload-config')
  const payload = await getPayload({ config })
  try {
    return await task(payload)
  } finally {
    await shutdownPayload(payload)
  }
}
