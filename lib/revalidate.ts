import crypto from 'node:crypto'

import { revalidateTag } from 'next/cache'
import type { PayloadRequest } from 'payload'

import { payloadSecret } from '@/lib/runtimeConfig'

const TAG = /^[a-z]+(?::[a-z0-9-]+)?$/

/** Secret for the server's own `/revalidate` route, derived from PAYLOAD_SECRET. */
export function revalidateSecret(env: NodeJS.ProcessEnv = process.env): string {
  return crypto.createHmac('sha256', payloadSecret(env)).update('causeway:revalidate').digest('hex')
}

export const isCacheTag = (value: unknown): value is string => typeof value === 'string' && TAG.test(value)

/** Where this machine's Next.js server listens, for revalidating from outside a request. */
const ownServer = () => `http://127.0.0.1:${process.env.PORT || 3000}`

/**
 * Expires cache tags at once, so the next request renders fresh content (not stale-while-
 * revalidate).
 *
 * Inside a request (the admin, REST, GraphQL) this is Next's `revalidateTag`. Outside one — the
 * job queue publishing a scheduled article, a script — Next has no request store, so the tags are
 * sent to the server's own `/revalidate` route instead; if no server answers, there is no cache to
 * expire and that is logged. Skipped entirely when `context.disableRevalidate` is set (seeds, tests).
 */
export async function revalidateTags(tags: Iterable<string | null | undefined>, req: PayloadRequest): Promise<void> {
  if (req.context.disableRevalidate) return
  const list = [...new Set([...tags].filter(isCacheTag))]
  if (!list.length) return
  try {
    for (const tag of list) revalidateTag(tag, { expire: 0 })
    return
  } catch (error) {
    if (!(error instanceof Error) || !/static generation store missing/.test(error.message)) throw error
  }
  try {
    const response = await fetch(`${ownServer()}/revalidate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-revalidate-secret': revalidateSecret() },
      body: JSON.stringify({ tags: list }),
      signal: AbortSignal.timeout(5000),
    })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
  } catch (error) {
    req.payload.logger.warn({
      msg: `Could not refresh the site's cache for ${list.join(', ')} (${(error as Error).message}). ` +
        'If the site is running elsewhere, its pages update when their cache is next expired.',
    })
  }
}
