/**
 * Read replicas (DATABASE_REPLICA_URLS): who may read from them, and when.
 *
 * Given `readReplicas`, @payloadcms/db-postgres wraps its Drizzle handle in Drizzle's
 * `withReplicas` (connect.js): every `select` and relational query made outside a transaction
 * goes to a random replica; inserts, updates, deletes, raw `execute` and transactions go to the
 * primary; a process-local window after a write (`readReplicasAfterWriteInterval`) reads the
 * primary again. That would send staff reads to a replica too: a draft preview, the user behind
 * every session check (a logout, a password change that ends other sessions, a role taken away
 * would not apply while the replica lags), the review panel, the admin.
 *
 * Here the default is turned round. `primaryUnlessReader` makes the adapter's handle the primary
 * for everything, except inside `readFromReplica`, which reader pages use for published content.
 * Even there a replica is read only when it has replayed everything the primary had written when
 * the read began (its replay position against the primary's WAL position): a page rendered right
 * after a publish or an unpublish is cached until the next change, so it must never come from a
 * replica that has not seen that change yet. A replica that is behind, unreachable or not a
 * standby at all is passed over, and the read goes to the primary.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

import { sql } from '@payloadcms/db-postgres'
import { withReplicas } from '@payloadcms/db-postgres/drizzle/pg-core'
import type { Payload } from 'payload'
import type { Pool } from 'pg'

import { redact } from './url'

type Rows = { rows: Array<Record<string, unknown>> }
/** The little this module uses of a Drizzle database. */
interface Drizzle {
  execute: (query: ReturnType<typeof sql>) => Promise<Rows>
  $client?: Pool
}
/** What `withReplicas` returns. */
interface Routed extends Drizzle {
  $primary: Drizzle
  $replicas: Drizzle[]
}

interface Routing {
  adapter: { payload?: Payload }
  /** The adapter's own handle: `withReplicas(primary, replicas)` once connected with replicas. */
  current: Drizzle | undefined
  /** Per replica: the handle reads use inside `readFromReplica` (writes still go to the primary). */
  scoped: WeakMap<Drizzle, Drizzle>
  /** Per replica: until when it is passed over after it failed or was found not to be a standby. */
  resting: WeakMap<Drizzle, number>
}

interface Scope {
  routing: Routing
  replica: Drizzle
}

// One registry per process: payload.config.ts and lib/data are compiled into several bundles.
const REGISTRY = Symbol.for('causeway.readReplicas')
const shared = ((globalThis as Record<symbol, unknown>)[REGISTRY] ??= {
  scope: new AsyncLocalStorage<Scope>(),
  routings: new WeakMap<object, Routing>(),
}) as { scope: AsyncLocalStorage<Scope>; routings: WeakMap<object, Routing> }

/** How long a replica that failed, or is not a standby, is left alone before it is tried again. */
export const REPLICA_REST_MS = 30_000

const isRouted = (db: Drizzle | undefined): db is Routed =>
  Boolean(db && Array.isArray((db as Partial<Routed>).$replicas) && (db as Partial<Routed>).$primary)

/**
 * Wraps postgresAdapter(...) so that its Drizzle handle is the primary except inside
 * `readFromReplica`. Without replicas configured it changes nothing.
 */
export function primaryUnlessReader<T extends { init: (args: { payload: Payload }) => object }>(adapterResult: T): T {
  const init = adapterResult.init
  return {
    ...adapterResult,
    init: (args: { payload: Payload }) => {
      const adapter = init(args) as AdapterInternals
      forgiveFirstReplicaConnect(adapter)
      const routing: Routing = {
        adapter,
        current: adapter.drizzle,
        scoped: new WeakMap(),
        resting: new WeakMap(),
      }
      Object.defineProperty(adapter, 'drizzle', {
        configurable: true,
        enumerable: true,
        get: () => handleFor(routing),
        // connect() assigns the primary first, then withReplicas(primary, replicas); destroy() clears it.
        set: (value: Drizzle | undefined) => {
          routing.current = value
          if (isRouted(value)) watchReplicaPools(routing, value)
        },
      })
      shared.routings.set(adapter, routing)
      return adapter
    },
  } as T
}

/** The parts of @payloadcms/db-postgres's adapter (3.90) this module reaches into. */
interface AdapterInternals {
  payload?: Payload
  drizzle?: Drizzle
  pg: { Pool: new (options: { connectionString?: string }) => Pool }
  readReplicaOptions?: string[]
}

/**
 * connect() opens one connection to each replica with a promise nobody handles, so a replica
 * that is down when the process starts was an unhandled rejection: fatal to scripts and to
 * `npm start`'s migration step. That one connect now settles quietly (Payload then skips it, as
 * for any failed connect); reader reads pass the replica over until it answers.
 */
function forgiveFirstReplicaConnect(adapter: AdapterInternals): void {
  const urls = new Set(adapter.readReplicaOptions ?? [])
  if (!urls.size) return
  const Base = adapter.pg.Pool
  class ReplicaPool extends Base {
    private first: boolean
    constructor(options: { connectionString?: string }) {
      super(options)
      this.first = urls.has(options?.connectionString ?? '')
    }
    override connect(...args: unknown[]): never {
      const connect = super.connect as (...rest: unknown[]) => unknown
      if (this.first && typeof args[0] !== 'function') {
        this.first = false
        return (connect.apply(this, args) as Promise<unknown>).catch(() => undefined) as never
      }
      return connect.apply(this, args) as never
    }
  }
  adapter.pg = Object.create(adapter.pg, { Pool: { value: ReplicaPool } }) as AdapterInternals['pg']
}

function handleFor(routing: Routing): Drizzle | undefined {
  const current = routing.current
  if (!isRouted(current)) return current
  const scope = shared.scope.getStore()
  if (scope?.routing !== routing || !current.$replicas.includes(scope.replica)) return current.$primary
  let scoped = routing.scoped.get(scope.replica)
  if (!scoped) {
    const replica = scope.replica
    const routed = withReplicas(current.$primary as never, [replica as never]) as unknown as Drizzle
    // Raw SQL reads (the search) go to the replica too; nothing in a reader read writes.
    scoped = Object.assign(Object.create(routed) as Drizzle, {
      execute: (query: ReturnType<typeof sql>) => replica.execute(query),
    })
    routing.scoped.set(replica, scoped)
  }
  return scoped
}

/**
 * Runs `read` (published content, read as an anonymous visitor) on a read replica that has
 * replayed every commit the primary had made when it was called, or on the primary when none
 * has. Without replicas, and inside another `readFromReplica`, it just runs `read`.
 */
export async function readFromReplica<T>(payload: Payload, read: () => Promise<T>): Promise<T> {
  const routing = shared.routings.get(payload.db)
  const current = routing?.current
  if (!routing || !isRouted(current) || shared.scope.getStore()) return read()
  const replica = await currentReplica(routing, current)
  return replica ? shared.scope.run({ routing, replica }, read) : read()
}

async function currentReplica(routing: Routing, routed: Routed): Promise<Drizzle | null> {
  const { rows } = await routed.$primary.execute(sql`SELECT pg_current_wal_lsn()::text AS lsn`)
  const written = String(rows[0]?.lsn)
  const now = Date.now()
  const replicas = routed.$replicas
  const start = Math.floor(Math.random() * replicas.length)
  for (let i = 0; i < replicas.length; i++) {
    const replica = replicas[(start + i) % replicas.length]!
    if ((routing.resting.get(replica) ?? 0) > now) continue
    try {
      const { rows: state } = await replica.execute(
        sql`SELECT pg_is_in_recovery() AS standby, coalesce(pg_last_wal_replay_lsn() >= ${written}::pg_lsn, false) AS current`,
      )
      if (state[0]?.standby !== true) {
        rest(routing, replica, now, 'is not a standby (pg_is_in_recovery() is false), so it is not read from')
      } else if (state[0]?.current === true) return replica
    } catch (error) {
      const { message, cause } = error as Error & { cause?: Error }
      rest(routing, replica, now, `did not answer (${cause?.message ?? message})`)
    }
  }
  return null
}

function rest(routing: Routing, replica: Drizzle, now: number, why: string): void {
  routing.resting.set(replica, now + REPLICA_REST_MS)
  routing.adapter.payload?.logger.warn({
    msg: `Read replica ${nameOf(replica)} ${why}; reader pages read the primary and try it again in ${REPLICA_REST_MS / 1000} s.`,
  })
}

function nameOf(replica: Drizzle): string {
  const url = (replica.$client as unknown as { options?: { connectionString?: string } } | undefined)?.options
    ?.connectionString
  return url ? redact(url) : '(unknown)'
}

/**
 * The adapter gives its replica pools no `error` listener, so a replica restarting under an idle
 * connection would be an uncaught exception; logged instead, once a minute at most.
 */
function watchReplicaPools(routing: Routing, routed: Routed): void {
  let lastLogged = 0
  for (const replica of routed.$replicas) {
    replica.$client?.on('error', (error) => {
      if (Date.now() - lastLogged < 60_000) return
      lastLogged = Date.now()
      routing.adapter.payload?.logger.warn({
        msg: `A connection to read replica ${nameOf(replica)} was lost (${error.message}); it is replaced when the replica answers again.`,
      })
    })
  }
}

/** The replicas' connection pools, for shutting down (tooling/db/shutdown.ts) and for tests. */
export function replicaPools(payload: Payload): Pool[] {
  const current = shared.routings.get(payload.db)?.current
  return isRouted(current) ? current.$replicas.flatMap((replica) => (replica.$client ? [replica.$client] : [])) : []
}
