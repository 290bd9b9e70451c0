/**
 * The production server as `npm start` runs it, for scripts that need one (browser tests, the
 * benchmark): start it with its output in a log file, wait until it answers, stop it and
 * everything it started.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { bin } from './next'
import { projectRoot } from './paths'

/** `npm start` exactly: tsx scripts/start.ts (migrations, then `next start`), output to `logFile`. */
export function startServer(env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const server = spawn(bin('tsx'), [path.join(projectRoot, 'scripts', 'start.ts')], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const log = createWriteStream(logFile)
  server.stdout?.pipe(log)
  server.stderr?.pipe(log)
  return server
}

export async function waitUntilServing(
  url: string,
  server: ChildProcess,
  timeoutMs: number,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`npm start exited with code ${server.exitCode}; see ${path.relative(projectRoot, logFile)}`)
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) })
      await response.arrayBuffer()
      if (response.status < 500) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s; see ${path.relative(projectRoot, logFile)}`)
}

/** The process ids `pid` started (Linux, from /proc; empty elsewhere or once it is gone). */
export function childrenOf(pid: number): number[] {
  let tasks: string[]
  try {
    tasks = readdirSync(`/proc/${pid}/task`)
  } catch {
    return []
  }
  return tasks.flatMap((tid) => {
    try {
      return readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number)
    } catch {
      return []
    }
  })
}

/** Every process `pid` started, and theirs, depth first (Linux; empty elsewhere). */
export const descendants = (pid: number): number[] => childrenOf(pid).flatMap((child) => [child, ...descendants(child)])

/** The command line of `pid` (NUL-separated), or null once it is gone. */
export function commandOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  } catch {
    return null
  }
}

/**
 * SIGKILL to `child` and everything it started, at once: a crash, with no chance to flush or
 * shut down (tests that must survive one). Resolves once `child` has exited.
 */
export async function crashProcessTree(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  for (const pid of [...descendants(child.pid), child.pid]) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  await exited
}

/**
 * SIGTERM to `child` (tsx passes it on to start.ts, which passes it to Next.js), then, after
 * `graceMs`, SIGKILL to whatever of the tree it started is still there (checked by command line,
 * so a reused process id is never hit).
 */
export async function stopProcessTree(child: ChildProcess | undefined, graceMs = 10_000): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return
  const tree = (process.platform === 'linux' ? descendants(child.pid) : []).map((pid) => ({
    pid,
    command: commandOf(pid),
  }))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs))])
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  for (const { pid, command } of tree) {
    if (command === null || commandOf(pid) !== command) continue
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
}
