/**
 * The machine's Chromium, as the browser tests and the benchmark's Lighthouse run drive it: never
 * downloaded (Debian's /usr/bin/chromium, or CHROMIUM_PATH), and started with the flags a
 * container without a sandbox, a GPU or a network needs.
 */
export const chromiumPath = (env: NodeJS.ProcessEnv = process.env) => env.CHROMIUM_PATH || '/usr/bin/chromium'

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const
