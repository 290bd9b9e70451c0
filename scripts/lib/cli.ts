/**
 * Shared plumbing for the npm scripts: run a main function, and print the errors a person can fix
 * as one clear message instead of a stack trace.
 */
import { DatabaseSetupError } from '@/lib/database'
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
