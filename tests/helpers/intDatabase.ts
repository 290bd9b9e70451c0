/**
 * Vitest setup file for integration tests: before a test file's own imports run, give it a fresh,
 * empty database of its own (and a random secret), and drop that database when the file is done.
 * Modules that read the environment on import — payload.config.ts — therefore see it.
 */
import crypto from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { afterAll, inject } from 'vitest'

import { preloadLexical } from '@/tooling/preloadLexical'

import { createTestDatabase } from '@/tooling/db/testDatabases'

const database = await createTestDatabase(inject('databaseServerUrl'), 'int')
process.env.DATABASE_URL = database.url
process.env.PAYLOAD_SECRET = crypto.randomBytes(32).toString('hex')
process.env.LOG_LEVEL ||= 'warn'
// Jobs run only when a test runs them: a background run (each minute) would race the assertions.
process.env.JOBS_AUTORUN ||= 'false'
// The 10 000-article fixtures insert in bulk; a shared CI machine must not cut them off.
process.env.DATABASE_STATEMENT_TIMEOUT_MS ||= '120000'
// Uploads from tests never land in the development media folder.
process.env.MEDIA_DIR = path.join(os.tmpdir(), `causeway-test-media-${process.pid}`)

// payload.config.ts imports Lexical; see tooling/preloadLexical.ts.
await preloadLexical()

afterAll(async () => {
  await database.drop()
})
