import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'

import { projectRoot } from '@/tooling/paths'
import { crashProcessTree, startServer, stopProcessTree, waitUntilServing } from '@/tooling/server'

/**
 * A production server (`npm start`) a browser test starts, stops, crashes and restarts itself,
 * beside the one the runner started: each start logs to `test-results/<name>-<n>.log`.
 */
export class OwnServer {
  private process: ChildProcess | undefined
  private starts = 0

  constructor(
    readonly name: string,
    readonly baseURL: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly startTimeoutMs = 120_000,
  ) {}

  url(pathname: string): string {
    return new URL(pathname, this.baseURL).toString()
  }

  /** The log of the current (last started) process. */
  get log(): string {
    return path.join(projectRoot, 'test-results', `${this.name}-${this.starts}.log`)
  }

  /** Starts it and waits until it serves its home page. */
  async start(): Promise<void> {
    this.starts += 1
    const log = this.log
    await fs.mkdir(path.dirname(log), { recursive: true })
    this.process = startServer(this.env, log)
    await waitUntilServing(this.url('/'), this.process, this.startTimeoutMs, log)
  }

  /** SIGKILL to the whole tree, as a crash or an out-of-memory kill would do, then start again. */
  async crashAndRestart(): Promise<void> {
    await crashProcessTree(this.process!)
    await this.start()
  }

  async stop(): Promise<void> {
    await stopProcessTree(this.process)
  }
}
