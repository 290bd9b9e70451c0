import { type ChildProcess, spawn, type StdioOptions } from 'node:child_process'
import path from 'node:path'

import { projectRoot } from './paths'

export const bin = (name: string) => path.join(projectRoot, 'node_modules', '.bin', name)

/** Runs the project's `next` with `args`. Next.js telemetry stays off unless asked for. */
export function spawnNext(args: string[], env: NodeJS.ProcessEnv, stdio: StdioOptions = 'inherit'): ChildProcess {
  return spawn(bin('next'), args, {
    cwd: projectRoot,
    env: { NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio,
  })
}
