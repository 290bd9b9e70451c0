/** The processes the benchmark runs: the production server, and the bare Node yardstick. */
import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { bin } from '../next'
import { projectRoot } from '../paths'

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

export async function waitUntilServing(url: string, server: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`npm start exited with code ${server.exitCode}; see ${path.relative(projectRoot, logFile)}`)
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

/** The bare Node server of scripts/lib/bench/bareServer.ts serving `htmlFile`; resolves with its port. */
export function startBareNode(htmlFile: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'scripts', 'lib', 'bench', 'bareServer.ts'), htmlFile], {
    cwd: projectRoot,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The bare Node server did not start within 30s.')), 30_000)
    child.once('message', (message: { port?: number }) => {
      clearTimeout(timer)
      if (message.port) resolve({ child, port: message.port })
      else reject(new Error('The bare Node server reported no port.'))
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`The bare Node server exited with code ${code} before it listened.`))
    })
  })
}

function descendants(pid: number): number[] {
  let tasks: string[]
  try {
    tasks = readdirSync(`/proc/${pid}/task`)
  } catch {
    return []
  }
  const children = tasks.flatMap((tid) => {
    try {
      return readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number)
    } catch {
      return []
    }
  })
  return children.flatMap((child) => [child, ...descendants(child)])
}

const commandOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  } catch {
    return null
  }
}

/**
 * SIGTERM to `child` (tsx passes it on to start.ts, which passes it to Next.js), then, after
 * `graceMs`, SIGKILL to whatever of the tree it started is still there (checked by command line,
 * so a reused process id is never hit).
 */
export async function stopProcessTree(child: ChildProcess | undefined, graceMs = 10_000): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return
  const tree = (process.platform === 'linux' ? descendants(child.pid) : []).map((pid) => ({ pid, command: commandOf(pid) }))
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
