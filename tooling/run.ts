import { spawn } from 'node:child_process'
import os from 'node:os'

import { projectRoot } from './paths'

/** Runs a command in the project root with the terminal attached; resolves to its exit code. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: projectRoot, env, stdio: 'inherit' })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

/** The exit code of a process that ended with `code` or was killed by `signal`, as a shell reports it (128 + signal). */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code
  return signal ? 128 + (os.constants.signals[signal] ?? 0) : 1
}
