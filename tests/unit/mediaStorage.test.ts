/**
 * lib/media/storage.ts without a server: which environment means which storage, the refusals of a
 * half-made configuration, and what the plugin changes in the config (and what it must not: the
 * schema, the admin import map). The bucket itself is exercised in tests/int/mediaStorage.int.test.ts.
 */
import type { CollectionConfig, Config } from 'payload'
import { describe, expect, it } from 'vitest'

import { FILE_STORE_KEY } from '@/lib/media/fileStore'
import {
  describeBucket,
  mediaBucket as bucketFrom,
  mediaBucketPlugin,
  mediaStorage as pluginsFrom,
} from '@/lib/media/storage'
import { ConfigurationError } from '@/lib/runtimeConfig'

type Vars = Record<string, string>
const mediaBucket = (vars: Vars) => bucketFrom(vars as NodeJS.ProcessEnv)
const mediaStorage = (vars: Vars) => pluginsFrom(vars as NodeJS.ProcessEnv)

const KEYS = { S3_ACCESS_KEY_ID: 'key-id', S3_SECRET_ACCESS_KEY: 'very-secret-value' }

const refusal = (env: Vars) => {
  try {
    mediaBucket(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError)
    return (error as Error).message
  }
  throw new Error('expected a ConfigurationError')
}

describe('mediaBucket: the environment', () => {
  it('keeps uploads on the local disk when no S3 variable is set (empty ones count as unset)', () => {
    expect(mediaBucket({})).toBeNull()
    expect(mediaBucket({ S3_BUCKET: '', S3_ENDPOINT: ' ', MEDIA_DIR: '/srv/media' })).toBeNull()
    expect(mediaStorage({})).toEqual([])
  })

  it('reads a MinIO-style bucket: region us-east-1 and path-style addressing by default', () => {
    expect(mediaBucket({ S3_BUCKET: 'causeway-media', S3_ENDPOINT: 'http://minio:9000/', ...KEYS })).toEqual({
      bucket: 'causeway-media',
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
      forcePathStyle: true,
      accessKeyId: 'key-id',
      secretAccessKey: 'very-secret-value',
    })
  })

  it('addresses AWS S3 itself (no endpoint) by virtual host, in S3_REGION; S3_FORCE_PATH_STYLE overrides', () => {
    const aws = mediaBucket({ S3_BUCKET: 'causeway-media', S3_REGION: 'eu-central-1', ...KEYS })!
    expect([aws.endpoint, aws.region, aws.forcePathStyle]).toEqual([undefined, 'eu-central-1', false])
    expect(mediaBucket({ S3_BUCKET: 'b-1', S3_FORCE_PATH_STYLE: 'true', ...KEYS })!.forcePathStyle).toBe(true)
    expect(
      mediaBucket({ S3_BUCKET: 'b-1', S3_ENDPOINT: 'https://s3.example.org', S3_FORCE_PATH_STYLE: 'false', ...KEYS })!
        .forcePathStyle,
    ).toBe(false)
  })

  it('describes where uploads go without the credentials', () => {
    const line = describeBucket(
      mediaBucket({ S3_BUCKET: 'causeway-media', S3_ENDPOINT: 'http://minio:9000', ...KEYS })!,
    )
    expect(line).toBe('bucket "causeway-media" at http://minio:9000')
    expect(describeBucket(mediaBucket({ S3_BUCKET: 'causeway-media', ...KEYS })!)).toBe(
      'bucket "causeway-media" at AWS S3 (us-east-1)',
    )
  })

  it('refuses S3_BUCKET without credentials, naming each missing variable and both ways out', () => {
    expect(refusal({ S3_BUCKET: 'causeway-media' })).toBe(
      'S3_BUCKET is set (uploads go to bucket "causeway-media") but S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are not. ' +
        'Set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY to a key that may read, write and delete objects in that bucket, ' +
        'or unset S3_BUCKET to keep uploads on the local disk (MEDIA_DIR).',
    )
    expect(refusal({ S3_BUCKET: 'causeway-media', S3_ACCESS_KEY_ID: 'key-id' })).toMatch(
      /but S3_SECRET_ACCESS_KEY is not\./,
    )
    expect(refusal({ S3_BUCKET: 'causeway-media', S3_SECRET_ACCESS_KEY: 'x' })).toMatch(/but S3_ACCESS_KEY_ID is not\./)
  })

  it('refuses S3 settings without S3_BUCKET instead of quietly keeping uploads on one disk', () => {
    expect(refusal({ S3_ENDPOINT: 'http://minio:9000', ...KEYS })).toBe(
      'S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY are set but S3_BUCKET is not, so uploads would stay on the ' +
        'local disk. Set S3_BUCKET to the bucket uploads go to, or unset S3_ENDPOINT, S3_ACCESS_KEY_ID, ' +
        'S3_SECRET_ACCESS_KEY to keep uploads on the local disk (MEDIA_DIR).',
    )
    expect(refusal({ S3_REGION: 'eu-west-1' })).toMatch(/^S3_REGION is set but S3_BUCKET is not/)
  })

  it('refuses a malformed endpoint, bucket name or flag, saying what is expected', () => {
    expect(refusal({ S3_BUCKET: 'b-1', S3_ENDPOINT: 'minio:9000', ...KEYS })).toMatch(/is not an http\(s\) URL/)
    expect(refusal({ S3_BUCKET: 'b-1', S3_ENDPOINT: 'http://user:pw@minio:9000', ...KEYS })).toMatch(
      /must not carry credentials/,
    )
    expect(refusal({ S3_BUCKET: 'b-1', S3_ENDPOINT: 'http://minio:9000/b-1', ...KEYS })).toMatch(/has a path/)
    expect(refusal({ S3_BUCKET: 'Causeway_Media', ...KEYS })).toMatch(/is not a valid bucket name/)
    expect(refusal({ S3_BUCKET: 'b-1', S3_FORCE_PATH_STYLE: 'sometimes', ...KEYS })).toBe(
      'S3_FORCE_PATH_STYLE is "sometimes"; set it to true or false (or unset it for the default).',
    )
  })

  it('adds nothing while `next build` evaluates the config, which needs no storage or secrets', () => {
    expect(mediaStorage({ NEXT_PHASE: 'phase-production-build', S3_BUCKET: 'causeway-media' })).toEqual([])
  })
})

describe('mediaBucketPlugin: the config it makes', () => {
  const media: CollectionConfig = {
    slug: 'media',
    upload: {
      staticDir: '/srv/media',
      imageSizes: [{ name: 'thumbnail', width: 480 }],
    },
    fields: [{ name: 'alt', type: 'text', required: true }],
  }
  const others: CollectionConfig = { slug: 'symptoms', fields: [{ name: 'name', type: 'text' }] }

  const apply = async () => {
    const bucket = mediaBucket({ S3_BUCKET: 'causeway-media', S3_ENDPOINT: 'http://127.0.0.1:9000', ...KEYS })!
    const config = (await mediaBucketPlugin(bucket)({
      serverURL: 'https://causeway.example.org',
      collections: [media, others],
      admin: {},
    } as Config)) as Config
    return { config, media: config.collections!.find((collection) => collection.slug === 'media')! }
  }

  it('stores the media files in the bucket, served through Payload (its access control), not from the bucket', async () => {
    const { media: stored } = await apply()
    const upload = stored.upload as Exclude<CollectionConfig['upload'], boolean | undefined>
    expect(upload.disableLocalStorage).toBe(true)
    expect(upload.handlers).toHaveLength(1)
    // Stored URLs stay Payload's own (/api/media/file/<name>): nothing generates bucket URLs.
    const url = stored.fields.find((field) => 'name' in field && field.name === 'url') as {
      hooks: { afterRead: Array<(args: unknown) => unknown> }
    }
    expect(await url.hooks.afterRead[0]!({ data: { filename: 'a.png' }, value: '/api/media/file/a.png' })).toBe(
      '/api/media/file/a.png',
    )
  })

  it('leaves the schema and the admin import map as the local disk has them', async () => {
    const { config, media: stored } = await apply()
    const names = stored.fields.map((field) => ('name' in field ? field.name : null))
    expect(names).not.toContain('_objectKey')
    expect(names).not.toContain('prefix')
    expect(JSON.stringify(config.admin?.components?.providers ?? [])).not.toContain('storage-s3')
    expect(Object.keys(config.admin?.dependencies ?? {})).toEqual([])
    expect(config.collections!.find((collection) => collection.slug === 'symptoms')).toBe(others)
  })

  it("gives the media hooks the bucket's store, and lets Payload fetch its own file URLs to reprocess an image", async () => {
    const { media: stored } = await apply()
    expect((stored.custom as Record<string, { location: string }>)[FILE_STORE_KEY]!.location).toBe(
      'bucket "causeway-media" at http://127.0.0.1:9000',
    )
    expect((stored.upload as { skipSafeFetch: unknown }).skipSafeFetch).toContainEqual({
      protocol: 'https',
      hostname: 'causeway.example.org',
      port: '',
      pathname: '/api/media/file/*',
    })
  })
})
