/**
 * The origin's side of the edge cache, against a real Varnish (edge/causeway.vcl, started here):
 * each server's invalidation feed purges the edge once it has applied a change, and on every
 * (re)connect purges what it replayed — which covers a change committed while no server was
 * listening. The origin behind the edge is a small scripted HTTP server whose page changes with
 * every render, so what the edge serves tells whether it was purged. The "servers" are processes
 * running Next's IncrementalCache with the site's cache handler (tests/helpers/cacheInstance.mjs).
 */
import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'

import { commitTransaction, createLocalReq, initTransaction } from 'payload'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { EDGE_BUILD_HEADER, EDGE_CONTROL_HEADER, EDGE_KEYS_HEADER } from '@/lib/cache/edge.mjs'
import { recordInvalidation } from '@/lib/cache/revalidate'
import { freePort } from '@/tooling/db/testDatabases'
import { edgeMissing, type RunningEdge, startEdge } from '@/tooling/edge'

import { CacheInstance, eventually } from '../helpers/cacheInstances'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'

const missing = edgeMissing()
if (missing) console.warn(`Edge purge tests skipped: ${missing}`)

let ctx: PayloadIntContext
let distRoot: string
let edge: RunningEdge
let origin: http.Server
let secret: string
/** Renders of each path so far: the page's body is its render count. */
const renders = new Map<string, number>()
/** The build the scripted origin says rendered its pages (none: no build header). */
let originBuild: string | undefined

beforeAll(async () => {
  if (missing) return
  ctx = await initPayloadInt()
  distRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'causeway-edge-purge-'))
  origin = http.createServer((request, response) => {
    if (request.url === '/api/ready') return void response.writeHead(200).end('ready')
    const count = (renders.get(request.url!) ?? 0) + 1
    renders.set(request.url!, count)
    const tag = `article:${request.url!.split('/').pop()}`
    response
      .writeHead(200, {
        'content-type': 'text/plain',
        [EDGE_KEYS_HEADER]: `${tag} articles`,
        [EDGE_CONTROL_HEADER]: 'max-age=600',
        ...(originBuild ? { [EDGE_BUILD_HEADER]: originBuild } : {}),
      })
      .end(`render ${count}`)
  })
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve))
  secret = crypto.randomBytes(24).toString('base64url')
  edge = await startEdge({
    port: await freePort(),
    origins: [new URL(`http://127.0.0.1:${(origin.address() as AddressInfo).port}`)],
    secret,
    logFile: path.join(distRoot, 'varnish.log'),
  })
})

afterAll(async () => {
  await Promise.all(running.map((instance) => instance.stop()))
  await edge?.stop()
  await new Promise((resolve) => (origin ? origin.close(resolve) : resolve(undefined)))
  if (distRoot) await fs.rm(distRoot, { recursive: true, force: true })
  await ctx?.cleanup()
})

const running: CacheInstance[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((instance) => instance.stop()))
})

async function startInstance(dist: string, env: Record<string, string> = {}, buildId?: string) {
  const instance = await CacheInstance.start({
    databaseUrl: ctx.databaseUrl,
    distDir: path.join(distRoot, dist),
    env,
    buildId,
  })
  running.push(instance)
  return instance
}

const edgeEnv = () => ({ EDGE_PURGE_URLS: edge.url, EDGE_PURGE_SECRET: secret })

/** A change committed as the hooks commit one. */
async function change(tags: string[]) {
  const req = await createLocalReq({}, ctx.payload)
  await initTransaction(req)
  await recordInvalidation(ctx.payload, tags, req)
  await commitTransaction(req)
}

async function throughEdge(pathname: string) {
  const response = await fetch(new URL(pathname, edge.url))
  return { body: await response.text(), xCache: response.headers.get('x-cache') }
}

/** Reads `pathname` until the edge serves it from its cache; the body it keeps. */
async function keptByEdge(pathname: string) {
  await eventually(async () => (await throughEdge(pathname)).xCache === 'HIT', `the edge keeping ${pathname}`)
  return (await throughEdge(pathname)).body
}

describe.skipIf(missing !== null)('the origin purging a real edge', () => {
  it('a server purges the tags of each committed change, and only those', async () => {
    const server = await startInstance('purges', edgeEnv())
    const changed = await keptByEdge('/articles/changed')
    const untouched = await keptByEdge('/articles/untouched')

    await change(['article:changed'])
    await eventually(async () => (await throughEdge('/articles/changed')).body !== changed, 'the purge')
    expect((await throughEdge('/articles/untouched')).body).toBe(untouched)
    expect((await throughEdge('/articles/untouched')).xCache).toBe('HIT')
    expect((await server.feed()).state).toBe('live')
  })

  it('a change committed while no server was listening is purged when one starts', async () => {
    const first = await startInstance('replay', edgeEnv())
    const before = await keptByEdge('/articles/while-down')
    await first.stop()

    // Nobody listens: the edge still holds the old page.
    await change(['article:while-down'])
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect((await throughEdge('/articles/while-down')).body).toBe(before)

    await startInstance('replay', edgeEnv())
    await eventually(async () => (await throughEdge('/articles/while-down')).body !== before, 'the purge on replay')
  })

  it('a server of a new build, starting, has the edge drop every page of another build', async () => {
    originBuild = 'build-one'
    try {
      await startInstance('deploy-1', edgeEnv(), 'build-one')
      const before = await keptByEdge('/articles/deployed')
      await Promise.all(running.splice(0).map((instance) => instance.stop()))

      await startInstance('deploy-2', edgeEnv(), 'build-two')
      // Dropped; and while an instance of the old build still answers (a rolling deploy), its
      // pages are passed on, not stored.
      await eventually(async () => (await throughEdge('/articles/deployed')).body !== before, 'the drop')
      expect((await throughEdge('/articles/deployed')).xCache).toBe('PASS')
      originBuild = 'build-two'
      expect(await keptByEdge('/articles/deployed')).toMatch(/^render \d+$/)
    } finally {
      originBuild = undefined
    }
  })

  it('marks a cached page for the edge only when an edge is configured, with its build', async () => {
    const withEdge = await startInstance('marks', edgeEnv())
    await withEdge.writePage('/articles/marked', ['article:marked', '_N_T_/layout'], '<p>marked</p>')
    const page = await withEdge.readPage('/articles/marked')
    expect(page?.headers[EDGE_KEYS_HEADER]).toBe('article:marked')
    expect(page?.headers[EDGE_BUILD_HEADER]).toBe('test-build')
    expect(page?.headers[EDGE_CONTROL_HEADER]).toMatch(/^max-age=\d+, stale-if-error=\d+$/)
    await withEdge.stop()

    const without = await startInstance('marks')
    const plain = await without.readPage('/articles/marked')
    expect(plain?.html).toBe('<p>marked</p>')
    expect(plain?.headers[EDGE_KEYS_HEADER]).toBeUndefined()
    expect(plain?.headers[EDGE_BUILD_HEADER]).toBeUndefined()
  })
})
