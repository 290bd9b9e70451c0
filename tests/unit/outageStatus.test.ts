/**
 * lib/db/outageStatus.mjs: while the database is recorded as unavailable, a 500 from the server
 * process goes out as 503 with Retry-After; otherwise statuses pass through untouched. A real
 * Node HTTP server, answering the way Next.js's error path does (status set, then end).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { noteDatabase } from '@/lib/db/faults'
import { databaseUnavailableNow } from '@/lib/db/outageStatus.mjs'

let server: http.Server
let base = ''

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const status = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('status'))
    if (req.url?.startsWith('/explicit')) {
      res.writeHead(status, 'Whatever', { 'content-type': 'text/plain' })
    } else {
      res.statusCode = status
    }
    res.end('body')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  noteDatabase(true)
  await new Promise((resolve) => server.close(resolve))
})

const statusOf = async (path: string) => {
  const response = await fetch(`${base}${path}`)
  await response.text()
  return [response.status, response.headers.get('retry-after')]
}

describe('a 500 while the database is unavailable', () => {
  it('is a 503 with Retry-After, whether the status is set or written with writeHead', async () => {
    noteDatabase(false)
    expect(databaseUnavailableNow()).toBe(true)
    expect(await statusOf('/?status=500')).toEqual([503, '5'])
    expect(await statusOf('/explicit?status=500')).toEqual([503, '5'])
  })

  it('leaves every other status alone, and a 500 once the database answered again', async () => {
    noteDatabase(false)
    expect(await statusOf('/?status=404')).toEqual([404, null])
    expect(await statusOf('/?status=200')).toEqual([200, null])
    noteDatabase(true)
    expect(databaseUnavailableNow()).toBe(false)
    expect(await statusOf('/?status=500')).toEqual([500, null])
  })

  it('forgets a failure after a minute with no news', () => {
    noteDatabase(false)
    expect(databaseUnavailableNow(Date.now() + 61_000)).toBe(false)
  })
})
