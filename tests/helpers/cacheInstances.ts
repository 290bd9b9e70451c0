/**
 * "Servers" for tests of the page cache: each a process of its own running Next's
 * IncrementalCache with the site's cache handler (tests/helpers/cacheInstance.mjs), with its own
 * tag manifest and invalidation feed, as a real server has, on the database it is given. Its disk
 * cache is under `distDir` (two instances given the same `distDir` one after the other are one
 * server restarted); REDIS_URL in `env` shares a Redis instead.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import readline from 'node:readline'

import { projectRoot } from '@/tooling/paths'

export interface CacheInstanceOptions {
  /** The database whose cache-invalidation outbox the instance's feed reads. */
  databaseUrl: string
  /** Its `.next`: the disk cache lives under `<distDir>/server`. */
  distDir: string
  env?: Record<string, string>
  /** The build it serves (`<distDir>/BUILD_ID`); default `test-build`. */
  buildId?: string
}

/** A server process holding the cache handler; `logs` are the lines it logged. */
export class CacheInstance {
  readonly logs: string[] = []
  private readonly replies: Array<(reply: Record<string, unknown>) => void> = []
  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    // A process that dies answers every command still waiting with an error, not with silence.
    child.once('exit', (code, signal) => {
      for (const reply of this.replies.splice(0)) reply({ error: `the cache process exited (${signal ?? code})` })
    })
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        let message: Record<string, unknown>
        try {
          message = JSON.parse(line) as Record<string, unknown>
        } catch {
          this.logs.push(line)
          return
        }
        if ('msg' in message) this.logs.push(String(message.msg))
        else this.replies.shift()?.(message)
      })
    }
  }

  /** Starts one and waits until its feed is live (it serves nothing cached before that). */
  static async start({
    databaseUrl,
    distDir,
    env = {},
    buildId = 'test-build',
  }: CacheInstanceOptions): Promise<CacheInstance> {
    const serverDistDir = path.join(distDir, 'server')
    await fs.mkdir(serverDistDir, { recursive: true })
    // The build id keys a shared store: every "server" here runs the same build.
    await fs.writeFile(path.join(distDir, 'BUILD_ID'), buildId)
    const child = spawn(process.execPath, [path.join(projectRoot, 'tests/helpers/cacheInstance.mjs')], {
      cwd: projectRoot,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        SERVER_DIST_DIR: serverDistDir,
        REDIS_URL: '',
        NODE_ENV: 'production',
        ...env,
      },
    })
    const instance = new CacheInstance(child)
    try {
      await eventually(async () => (await instance.feed()).state === 'live', 'the cache feed going live')
    } catch (error) {
      await instance.stop()
      throw new Error(`${(error as Error).message}; its log:\n${instance.logs.join('\n')}`)
    }
    return instance
  }

  send(command: Record<string, unknown>): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        reject(new Error('the cache process has exited'))
        return
      }
      this.replies.push((reply) => (reply.error ? reject(new Error(String(reply.error))) : resolve(reply)))
      this.child.stdin.write(`${JSON.stringify(command)}\n`)
    })
  }

  /** Stores an entry; `skewMs`: as stamped by a server whose clock runs that far ahead. */
  write(key: string, tags: string[], value: string, skewMs = 0) {
    return this.send({ op: 'write', key, tags, value, skewMs })
  }

  async read(key: string, tags: string[]): Promise<string | null> {
    return (await this.send({ op: 'read', key, tags })).value as string | null
  }

  writePage(key: string, tags: string[], html: string) {
    return this.send({ op: 'writePage', key, tags, value: html })
  }

  /** The page as Next's response cache would get it: null, or its HTML and staleness (-1: expired). */
  async readPage(
    key: string,
  ): Promise<{ html: string; isStale: boolean | number; headers: Record<string, string> } | null> {
    return (await this.send({ op: 'readPage', key })).page as {
      html: string
      isStale: boolean | number
      headers: Record<string, string>
    } | null
  }

  async feed(): Promise<{ state: string; applied: number }> {
    return (await this.send({ op: 'feed' })) as { state: string; applied: number }
  }

  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = new Promise((resolve) => this.child.once('exit', resolve))
    this.child.kill('SIGKILL')
    await exited
  }
}

/** Polls `check` until it holds (10 s at most): for things that happen after a commit, elsewhere. */
export async function eventually(check: () => Promise<boolean>, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not hold within 10 s`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
