import type { Payload } from 'payload'
import type { Pool, PoolClient } from 'pg'

import { replicaPools } from '@/lib/db/readReplicas'

/**
 * Shuts Payload down and closes its PostgreSQL connections (the read replicas' too), so scripts
 * exit promptly and tests can drop their database.
 *
 * `payload.destroy()` leaves the adapter's pools open, and @payloadcms/db-postgres keeps one client
 * checked out from each pool it connects (3.90), so `pool.end()` alone would wait for it forever.
 * That client is closed directly; if pg's internals ever change shape, it simply stays open until
 * the process exits.
 */
export async function shutdownPayload(payload: Payload): Promise<void> {
  const pools = [payload.db.pool as Pool | undefined, ...replicaPools(payload)]
  await payload.destroy()
  await Promise.all(pools.map((pool) => (pool ? closePool(pool) : undefined)))
}

async function closePool(pool: Pool): Promise<void> {
  if (pool.ended) return
  // Connections closed under us during shutdown are expected, not crashes.
  pool.on('error', () => {})
  const internals = pool as unknown as { _clients?: PoolClient[]; _idle?: Array<{ client: PoolClient }> }
  const idle = new Set((internals._idle ?? []).map((item) => item.client))
  const held = (internals._clients ?? []).filter((client) => !idle.has(client))
  const ended = pool.end()
  for (const client of held) client.release(true)
  await ended
}
