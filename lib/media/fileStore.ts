/**
 * Where the media collection's files are, for our own hooks that must find or remove them
 * (collections/Media/hooks/removeFilesOfFailedWrite.ts): the local directory (`upload.staticDir`,
 * MEDIA_DIR), or the S3 bucket that lib/media/storage.ts configures. Payload (and, for a bucket,
 * @payloadcms/storage-s3) writes, serves and deletes the files itself; this is only what the
 * hooks need beside that: does a file exist, remove it.
 */
import fs from 'node:fs/promises'
import path from 'node:path'

import { DeleteObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { SanitizedCollectionConfig } from 'payload'

export interface MediaFileStore {
  /** For log lines: the directory, or the bucket and where it is. */
  readonly location: string
  /** Whether `name` is a plain file name in the store, not a path that leads out of it. */
  holds(name: string): boolean
  exists(name: string): Promise<boolean>
  /** Removes the file; nothing when it is not there. */
  remove(name: string): Promise<void>
}

/** The key of the collection's `custom` under which lib/media/storage.ts puts the bucket's store. */
export const FILE_STORE_KEY = 'causewayMediaFileStore'

const isPlainName = (name: string) => name !== '' && name !== '.' && name !== '..' && !/[/\\]/.test(name)

export function localFileStore(staticDir: string): MediaFileStore {
  const dir = path.resolve(staticDir)
  const fileOf = (name: string) => path.resolve(dir, name)
  return {
    location: dir,
    holds: (name) => isPlainName(name) && path.dirname(fileOf(name)) === dir,
    exists: (name) =>
      fs.lstat(fileOf(name)).then(
        () => true,
        () => false,
      ),
    remove: (name) => fs.rm(fileOf(name), { force: true }),
  }
}

/**
 * Objects at the bucket's root, keyed by the file name: what @payloadcms/storage-s3 writes when
 * the collection has no `prefix` (lib/media/storage.ts sets none).
 */
export function s3FileStore(client: () => S3Client, bucket: string, location: string): MediaFileStore {
  return {
    location,
    holds: isPlainName,
    async exists(name) {
      try {
        await client().send(new HeadObjectCommand({ Bucket: bucket, Key: name }))
        return true
      } catch (error) {
        const { name: kind, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } }
        if (kind === 'NotFound' || kind === 'NoSuchKey' || $metadata?.httpStatusCode === 404) return false
        throw error
      }
    },
    async remove(name) {
      await client().send(new DeleteObjectCommand({ Bucket: bucket, Key: name }))
    },
  }
}

/** Where `collection` keeps its files; null when neither on disk nor in a store of ours. */
export function fileStoreOf(collection: SanitizedCollectionConfig): MediaFileStore | null {
  const configured = (collection.custom as Record<string, unknown> | undefined)?.[FILE_STORE_KEY]
  if (configured) return configured as MediaFileStore
  const upload = collection.upload
  if (typeof upload === 'object' && upload.staticDir && !upload.disableLocalStorage)
    return localFileStore(upload.staticDir)
  return null
}
