import fs from 'node:fs/promises'
import path from 'node:path'

import { checkMediaBucket, describeBucket, mediaBucket } from '@/lib/media/storage'
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

/**
 * Says where uploads go and checks they can be stored there: with S3_BUCKET set, the bucket
 * (lib/media/storage.ts: a half-made configuration is refused, then the bucket must answer to the
 * key), otherwise the directory (checkMediaDir). `report` prints a line; no secret is in it.
 */
export async function checkMediaStorage(
  env: NodeJS.ProcessEnv,
  root: string,
  report: (line: string) => void,
): Promise<void> {
  const bucket = mediaBucket(env)
  if (!bucket) {
    report(`Uploads go to ${await checkMediaDir(env, root)}`)
    return
  }
  report(`Uploads go to ${describeBucket(bucket)} (S3_BUCKET; MEDIA_DIR is not used); checking it answers`)
  await checkMediaBucket(bucket)
}
