/**
 * A real S3-compatible server for tests: s3rver (a devDependency, in-process, Koa over the file
 * system) on a free port with a temporary directory and one bucket, and a client to look inside
 * it. `env()` gives the variables that point the app at it (lib/media/storage.ts); set them in
 * process.env before payload.config.ts is imported.
 */
import fs from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'

import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3'

import { freePort } from '@/tooling/db/testDatabases'

/** A Koa context, as far as the fault injection reads and answers it. */
interface KoaContext {
  method: string
  path: string
  req: AsyncIterable<Buffer>
  status: number
  type: string
  body: string
}
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>

/** s3rver 3.7 ships no types: the part of it used here (it is a Koa application). */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>
  close(): Promise<void>
  middleware: KoaMiddleware[]
}

/** A request to the bucket, as a fault sees it. */
export interface S3Request {
  method: string
  /** The object's key; '' for a request about the bucket itself. */
  key: string
}
type S3rverClass = new (options: {
  address: string
  port: number
  directory: string
  silent: boolean
  configureBuckets: Array<{ name: string }>
}) => S3rverInstance

/** s3rver's fixed key: it checks every request's signature against it. */
export const S3RVER_KEY = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const

export class S3Server {
  readonly client: S3Client
  private faults: Array<(request: S3Request) => boolean> = []

  private constructor(
    private readonly server: S3rverInstance,
    readonly directory: string,
    readonly port: number,
    readonly bucket: string,
  ) {
    this.client = new S3Client({
      endpoint: this.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: S3RVER_KEY,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    })
  }

  /** Starts a server with an empty bucket `bucket` in a new temporary directory. */
  static async start(bucket = 'causeway-media-test'): Promise<S3Server> {
    const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass
    const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'causeway-s3rver-'))
    const port = await freePort()
    const server = new S3rver({
      address: '127.0.0.1',
      port,
      directory,
      silent: true,
      configureBuckets: [{ name: bucket }],
    })
    const started = new S3Server(server, directory, port, bucket)
    // First in Koa's chain, so a refusal comes before s3rver stores anything.
    server.middleware.unshift((ctx, next) => started.refuseWhenAsked(ctx, next))
    await server.run()
    return started
  }

  /**
   * From now on the server refuses every request `when` matches with 403 AccessDenied (as a
   * bucket policy would), after reading its body and a short pause — so the requests sent beside
   * it finish first. Returns the function that lifts the refusal.
   */
  refuse(when: (request: S3Request) => boolean): () => void {
    this.faults.push(when)
    return () => {
      this.faults = this.faults.filter((fault) => fault !== when)
    }
  }

  private async refuseWhenAsked(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
    const prefix = `/${this.bucket}/`
    const key = ctx.path.startsWith(prefix) ? decodeURIComponent(ctx.path.slice(prefix.length)) : ''
    if (!this.faults.some((fault) => fault({ method: ctx.method, key }))) return next()
    for await (const chunk of ctx.req) void chunk
    await new Promise((resolve) => setTimeout(resolve, 100))
    ctx.status = 403
    ctx.type = 'application/xml'
    ctx.body =
      '<?xml version="1.0" encoding="UTF-8"?>' +
      `<Error><Code>AccessDenied</Code><Message>Refused by the test</Message><Key>${key}</Key></Error>`
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** The variables that store the app's media in this server's bucket. */
  env(): Record<string, string> {
    return {
      S3_BUCKET: this.bucket,
      S3_ENDPOINT: this.endpoint,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: S3RVER_KEY.accessKeyId,
      S3_SECRET_ACCESS_KEY: S3RVER_KEY.secretAccessKey,
    }
  }

  /** Every key in the bucket, sorted. */
  async keys(): Promise<string[]> {
    const keys: string[] = []
    let token: string | undefined
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, ContinuationToken: token }))
      keys.push(...(page.Contents ?? []).map((object) => object.Key!))
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    return keys.sort()
  }

  async has(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }))
      return true
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false
      throw error
    }
  }

  /** An object's bytes and content type. */
  async get(key: string): Promise<{ body: Buffer; contentType?: string }> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))
    return { body: Buffer.from(await object.Body!.transformToByteArray()), contentType: object.ContentType }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }))
  }

  /** Stops the server and removes its directory. */
  async stop(): Promise<void> {
    this.client.destroy()
    try {
      await this.server.close()
    } finally {
      await fs.rm(this.directory, { recursive: true, force: true })
    }
  }
}

/** The variables that store the app's media in `server`'s bucket (lib/media/storage.ts). */
export const s3MediaEnv = (server: S3Server): Record<string, string> => server.env()
