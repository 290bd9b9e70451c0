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
  }
}
