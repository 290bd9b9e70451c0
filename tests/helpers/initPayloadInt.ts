import type { Payload } from 'payload'

import { runMigrations } from '@/tooling/db/migrate'
import { shutdownPayload } from '@/tooling/db/shutdown'

export interface PayloadIntContext {
  payload: Payload
  /** The file's own database (see intDatabase.ts). */
  databaseUrl: string
  /** Shuts Payload down; call in afterAll. The database is dropped after the file. */
  cleanup: () => Promise<void>
}

/**
 * Boots Payload through the Local API on the test file's own database, schema created by the
 * committed migrations unless `migrate: false`.
 */
export async function initPayloadInt(options: { migrate?: boolean } = {}): Promise<PayloadIntContext> {
  const { getPayload } = await import('payload')
  const { default: config } = await import('@payload-config')
  const payload = await getPayload({ config })
  if (options.migrate !== false) await runMigrations(payload)
  return {
    payload,
    databaseUrl: process.env.DATABASE_URL!,
    cleanup: () => shutdownPayload(payload),
  }
}
