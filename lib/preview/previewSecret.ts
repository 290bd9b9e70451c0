import crypto from 'node:crypto'

import { payloadSecret } from '@/lib/runtimeConfig'

/**
 * The secret the preview route requires: PREVIEW_SECRET, or one derived from PAYLOAD_SECRET so
 * no extra setting is needed. It only gates the route; the editor must also be logged in.
 */
export function previewSecret(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.PREVIEW_SECRET?.trim()
  if (configured) return configured
  return crypto.createHmac('sha256', payloadSecret(env)).update('causeway:preview').digest('hex').slice(0, 32)
}

export function isPreviewSecret(candidate: string | null, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!candidate) return false
  const expected = Buffer.from(previewSecret(env))
  const given = Buffer.from(candidate)
  return given.length === expected.length && crypto.timingSafeEqual(given, expected)
}
