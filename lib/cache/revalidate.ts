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
 * How long after the hook the tags are posted: a guess at when the surrounding transaction has
 * committed, not a guarantee (nothing here waits for the commit).
 */
const POST_DELAY_MS = 1000

/**
 * Expires cache tags at once, so the next request renders fresh content (not stale-while-
 * revalidate). Skipped when `context.disableRevalidate` is set (seeds, tests).
 *
 * A change made through HTTP (the admin, REST, GraphQL) runs inside that request: Next's
 * `revalidateTag` records the tags and applies them when the response is sent, after the
 * transaction has committed. A change made through the Local API — the job queue publishing a
 * scheduled article, a script — may run outside any request, or inside the async context of one
 * that already finished (Payload's cron is started from the first request), where tags would be
 * silently lost; so those tags are posted to the server on this machine's `PORT` (its
 * `/revalidate` route) one second after this hook runs. That is a timer, not an after-commit
 * hook: a transaction still open after a second is re-read before it commits, a process that
 * exits sooner posts nothing, and only the one server on this port hears it. If no server
 * answers, that is logged.
 */
export async function revalidateTags(tags: Iterable<string | null | undefined>, req: PayloadRequest): Promise<void> {
  if (req.context.disableRevalidate) return
  const list = [...new Set([...tags].filter(isCacheTag))]
  if (!list.length) return
  if (req.payloadAPI !== 'local') {
    try {
      for (const tag of list) revalidateTag(tag, { expire: 0 })
      return
    } catch {
      // Not inside a Next.js request after all (Payload's REST handler called directly, as in
      // tests or a custom server): a cache refresh must never undo the change, so fall through.
    }
  }
  const { logger } = req.payload
  setTimeout(() => void requestRevalidation(list, logger), POST_DELAY_MS).unref()
}

async function requestRevalidation(tags: string[], logger: PayloadRequest['payload']['logger']): Promise<void> {
  try {
    const response = await fetch(`${ownServer()}/revalidate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-revalidate-secret': revalidateSecret() },
      body: JSON.stringify({ tags }),
      signal: AbortSignal.timeout(5000),
    })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
  } catch (error) {
    logger.warn({
      msg:
        `Could not refresh the site's cache for ${tags.join(', ')} (${(error as Error).message}). ` +
        'If the site is running elsewhere, its pages update when their cache is next expired.',
    })
  }
}
