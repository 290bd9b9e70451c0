import crypto from 'node:crypto'

/**
 * The environment of a production script a test spawns (`npm start`, the migration step): only
 * what such a process needs from this one, a random secret, no colours, and `overrides` on top.
 */
export function productionEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NO_COLOR: '1',
    NODE_ENV: 'production',
    PAYLOAD_SECRET: crypto.randomBytes(32).toString('hex'),
    SERVER_URL: 'http://localhost:3999',
    PORT: '3999',
    // No nightly reference check (it would request the references' sites): tests never reach the internet.
    REFERENCE_CHECKS: 'off',
    ...overrides,
  }
}
