/**
 * A throwaway PostgreSQL primary and a streaming standby of it, made from the machine's PostgreSQL
 * server programs (`initdb`, `pg_ctl`, `pg_basebackup`): the primary on a free port with
 * `wal_level=replica` and trust authentication on 127.0.0.1 (replication connections included),
 * the standby a `pg_basebackup -R` copy of it on another free port. Both live in one temporary
 * directory, removed by `stop()`. As root they run as the `postgres` system user (PostgreSQL
 * refuses to run as root), the way the machine's own cluster does.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import pg from 'pg'

import { freePort } from '@/tooling/db/testDatabases'

const run = promisify(execFile)

/** Debian's and Ubuntu's place for PostgreSQL 15's server programs (postgresql-15). */
export const POSTGRES_BIN_DIR = '/usr/lib/postgresql/15/bin'
const PROGRAMS = ['initdb', 'pg_ctl', 'pg_basebackup', 'postgres']
const SYSTEM_USER = 'postgres'
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0

/** Why a primary and a standby cannot be made on this machine, or null when they can. */
export function replicaClusterUnavailable(): string | null {
  const missing = PROGRAMS.filter((program) => !existsSync(path.join(POSTGRES_BIN_DIR, program)))
  if (missing.length) {
    return `PostgreSQL's server programs are not in ${POSTGRES_BIN_DIR} (missing: ${missing.join(', ')}); install postgresql-15 to run it`
  }
  if (asRoot && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) {
    return 'running as root, and there is no runuser to start PostgreSQL as the postgres user'
  }
  return null
}

export interface ReplicaCluster {
  /** A URL of `database` on the primary. */
  primaryUrl: (database: string) => string
  /** A URL of `database` on the standby. */
  standbyUrl: (database: string) => string
  /** `pg_wal_replay_pause()` on the standby: it keeps receiving WAL but applies none of it. */
  pauseReplay: () => Promise<void>
  resumeReplay: () => Promise<void>
  /** Resolves once the standby has replayed everything the primary had written when called. */
  caughtUp: (timeoutMs?: number) => Promise<void>
  /** Stops the standby only (the primary keeps running). */
  stopStandby: () => Promise<void>
  /** Stops both servers and deletes their directory. */
  stop: () => Promise<void>
}

/** Runs one of PostgreSQL's programs, as the postgres user when this process is root. */
async function postgresProgram(program: string, args: string[]): Promise<string> {
  const binary = path.join(POSTGRES_BIN_DIR, program)
  const [command, argv] = asRoot ? ['runuser', ['-u', SYSTEM_USER, '--', binary, ...args]] : [binary, args]
  try {
    const { stdout } = await run(command, argv, { encoding: 'utf8', timeout: 120_000, cwd: os.tmpdir() })
    return stdout
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string }
    throw new Error(`${program} ${args.join(' ')} failed: ${(stderr || stdout || String(error)).trim()}`)
  }
}

async function query<T extends Record<string, unknown>>(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
  await client.connect()
  try {
    return (await client.query<T>(sql, values)).rows
  } finally {
    await client.end()
  }
}

async function tail(file: string): Promise<string> {
  const text = await fs.readFile(file, 'utf8').catch(() => '')
  return text.split('\n').slice(-15).join('\n')
}

export async function startReplicaCluster(): Promise<ReplicaCluster> {
  const reason = replicaClusterUnavailable()
  if (reason) throw new Error(`No primary and standby can be made here: ${reason}.`)
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'causeway-replicas-'))
  if (asRoot) {
    const id = async (flag: string) => Number((await run('id', [flag, SYSTEM_USER], { encoding: 'utf8' })).stdout)
    await fs.chown(base, await id('-u'), await id('-g'))
  }
  const primaryDir = path.join(base, 'primary')
  const standbyDir = path.join(base, 'standby')
  const primaryLog = path.join(base, 'primary.log')
  const standbyLog = path.join(base, 'standby.log')
  const primaryPort = await freePort()
  const standbyPort = await freePort()
  const url = (port: number) => (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`
  const primaryUrl = url(primaryPort)
  const standbyUrl = url(standbyPort)
  const ctl = (dir: string, ...args: string[]) => postgresProgram('pg_ctl', ['-D', dir, ...args])
  let started: string[] = []

  const stopServers = async (mode: 'fast' | 'immediate') => {
    for (const dir of [...started].reverse()) {
      await ctl(dir, '-m', mode, '-w', 'stop').catch(() => {})
    }
    started = []
  }

  try {
    await postgresProgram('initdb', [
      '-D',
      primaryDir,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--no-sync',
    ])
    await fs.appendFile(
      path.join(primaryDir, 'postgresql.conf'),
      [
        '',
        "listen_addresses = '127.0.0.1'",
        `port = ${primaryPort}`,
        // TCP only: nothing else on the machine (its own cluster's socket directory) is touched.
        "unix_socket_directories = ''",
        'wal_level = replica',
        'max_wal_senders = 4',
        'hot_standby = on',
        // Throwaway servers: durability is not what is being tested.
        'fsync = off',
        '',
      ].join('\n'),
    )
    await fs.writeFile(
      path.join(primaryDir, 'pg_hba.conf'),
      'host all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n',
    )
    await ctl(primaryDir, '-l', primaryLog, '-w', '-t', '60', 'start')
    started.push(primaryDir)

    await postgresProgram('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      standbyDir,
      '-R', // standby.signal and primary_conninfo: it streams from the primary
      '-X',
      'stream',
      '--checkpoint=fast',
      '--no-sync',
    ])
    await fs.appendFile(path.join(standbyDir, 'postgresql.conf'), `\nport = ${standbyPort}\n`)
    await ctl(standbyDir, '-l', standbyLog, '-w', '-t', '60', 'start')
    started.push(standbyDir)

    // Streaming, not just started: the primary sees the standby's WAL receiver.
    const deadline = Date.now() + 30_000
    for (;;) {
      const rows = await query<{ streaming: string }>(
        primaryUrl('postgres'),
        "SELECT count(*)::text AS streaming FROM pg_stat_replication WHERE state = 'streaming'",
      )
      if (rows[0]?.streaming === '1') break
      if (Date.now() > deadline) throw new Error('The standby started but never streamed from the primary.')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  } catch (error) {
    const logs = `primary log:\n${await tail(primaryLog)}\nstandby log:\n${await tail(standbyLog)}`
    await stopServers('immediate')
    await fs.rm(base, { force: true, recursive: true })
    throw new Error(`${(error as Error).message}\n${logs}`)
  }

  return {
    primaryUrl,
    standbyUrl,
    pauseReplay: async () => {
      await query(standbyUrl('postgres'), 'SELECT pg_wal_replay_pause()')
    },
    resumeReplay: async () => {
      await query(standbyUrl('postgres'), 'SELECT pg_wal_replay_resume()')
    },
    caughtUp: async (timeoutMs = 30_000) => {
      const [written] = await query<{ lsn: string }>(primaryUrl('postgres'), 'SELECT pg_current_wal_lsn()::text AS lsn')
      const lsn = written!.lsn
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const [state] = await query<{ replayed: string | null; current: boolean }>(
          standbyUrl('postgres'),
          'SELECT pg_last_wal_replay_lsn()::text AS replayed, coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS current',
          [lsn],
        )
        if (state?.current) return
        if (Date.now() > deadline) {
          throw new Error(`The standby did not replay up to ${lsn} in ${timeoutMs} ms (it is at ${state?.replayed}).`)
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    },
    stopStandby: async () => {
      await ctl(standbyDir, '-m', 'fast', '-w', 'stop')
      started = started.filter((dir) => dir !== standbyDir)
    },
    stop: async () => {
      try {
        await stopServers('fast')
      } finally {
        await fs.rm(base, { force: true, recursive: true })
      }
    },
  }
}
