/**
 * `npm start` under a supervisor (systemd, Docker's restart policy, Kubernetes): it must exit
 * non-zero when its server dies, so restart-on-failure fires, and 0 when it is asked to stop.
 * Each test starts its own production server on the main e2e database and build.
 */
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'

import { expect, test } from '@playwright/test'

import { freePort } from '@/tooling/db/testDatabases'
import { projectRoot } from '@/tooling/paths'
import { commandOf, descendants, startServer, stopProcessTree, waitUntilServing } from '@/tooling/server'

async function ownServer(name: string): Promise<{ child: ChildProcess; log: string; exited: Promise<number | null> }> {
  const port = await freePort()
  const baseURL = `http://localhost:${port}`
  const log = path.join(projectRoot, 'test-results', `supervision-${name}.log`)
  await fs.mkdir(path.dirname(log), { recursive: true })
  const child = startServer({ ...process.env, SERVER_URL: baseURL, PORT: String(port), JOBS_AUTORUN: 'false' }, log)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  await waitUntilServing(`${baseURL}/`, child, 90_000, log)
  return { child, log, exited }
}

test.describe('npm start under a supervisor', () => {
  test.setTimeout(150_000)

  test('exits 137 when its server is killed (SIGKILL, as the kernel kills on out-of-memory), saying so', async () => {
    const { child, log, exited } = await ownServer('killed')
    try {
      // The Next.js server processes only, not npm start itself: a crash of what it supervises.
      const servers = descendants(child.pid!).filter((pid) => {
        const command = commandOf(pid) ?? ''
        return command.includes('next') && !command.includes('start.ts')
      })
      expect(servers.length).toBeGreaterThan(0)
      for (const pid of servers) process.kill(pid, 'SIGKILL')
      expect(await exited).toBe(137)
      expect(await fs.readFile(log, 'utf8')).toContain(
        'The server stopped unexpectedly (killed by SIGKILL); exiting with 137.',
      )
    } finally {
      await stopProcessTree(child)
    }
  })

  test('exits 0 when asked to stop (SIGTERM)', async () => {
    const { child, log, exited } = await ownServer('stopped')
    await stopProcessTree(child)
    expect(await exited).toBe(0)
    expect(await fs.readFile(log, 'utf8')).not.toContain('stopped unexpectedly')
  })
})
