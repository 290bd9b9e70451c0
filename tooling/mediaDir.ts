import fs from 'node:fs/promises'
import path from 'node:path'

import { ConfigurationError } from '@/lib/runtimeConfig'

/** Where uploads go: MEDIA_DIR, else .data/media under `root` (as collections/Media does). */
export const mediaDirOf = (env: NodeJS.ProcessEnv, root: string) =>
  path.resolve(root, env.MEDIA_DIR || path.join('.data', 'media'))

/**
 * Checks, before the server starts, that uploads can be written where they will go: created if
 * missing, and a file written and removed there. Otherwise the first upload would fail in front
 * of an editor, long after the start.
 */
export async function checkMediaDir(env: NodeJS.ProcessEnv, root: string): Promise<string> {
  const dir = mediaDirOf(env, root)
  const probe = path.join(dir, `.causeway-write-check-${process.pid}`)
  try {
    await fs.mkdir(dir, { recursive: true })
    await fs.writeFile(probe, '')
    await fs.rm(probe, { force: true })
    return dir
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException
    throw new ConfigurationError(
      `Uploads cannot be stored in ${dir} (${code ?? message}). Set MEDIA_DIR to a directory this user can write, ` +
        'or fix its permissions, and start again.',
    )
  }
}
