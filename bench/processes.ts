/** The bare Node yardstick the benchmark runs beside the server. */
import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'

import { projectRoot } from '@/tooling/paths'

/** The bare Node server of bench/bareServer.ts serving `htmlFile`; resolves with its port. */
export function startBareNode(htmlFile: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(projectRoot, 'bench', 'bareServer.ts'), htmlFile],
    {
      cwd: projectRoot,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  )
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
