/**
 * A real Redis server for tests that need one: `redis-server` (Debian's `redis-server` package;
 * `.ci/run` installs it) on a free port, keeping nothing on disk, stopped and started again at
 * will — what an outage and its end look like to the app.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import net from 'node:net'

import { freePort } from '@/tooling/db/testDatabases'

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN || 'redis-server'

/** Why Redis tests cannot run here, or null when `redis-server` is installed. */
export function redisMissing(): string | null {
  try {
    execFileSync(REDIS_SERVER, ['--version'], { stdio: 'ignore' })
    return null
  } catch {
    return `${REDIS_SERVER} is not installed (Debian: apt-get install redis-server); the tests that need a real Redis are skipped.`
  }
}

export class RedisServer {
  private process: ChildProcess | undefined
  private constructor(readonly port: number) {}

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort())
    await server.start()
    return server
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  async start(): Promise<void> {
    const child = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--protected-mode',
        'no',
      ],
      { stdio: 'ignore' },
    )
    this.process = child
    const deadline = Date.now() + 10_000
    while (!(await answers(this.port))) {
      if (child.exitCode !== null)
        throw new Error(`redis-server exited with code ${child.exitCode} on port ${this.port}`)
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${this.port} within 10 s`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  async stop(): Promise<void> {
    const child = this.process
    this.process = undefined
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
}

/** Whether something on `port` answers Redis's PING. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.setTimeout(500)
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (data) => {
      socket.destroy()
      resolve(data.toString().startsWith('+PONG'))
    })
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
  })
}
