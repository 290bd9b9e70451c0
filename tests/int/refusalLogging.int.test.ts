/**
 * Expected refusals — a publish the gate refuses, a save from a stale copy, a save without
 * permission, invalid data, a query the guard refuses — are one info line each (payload.config.ts
 * `loggingLevels`), never an error with a stack trace: the log's errors are for real failures.
 */
import type { Payload } from 'payload'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { rest } from '../helpers/apiClient'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { licenceFor } from '../helpers/licence'
import { QUIET, reviewFixtures, type Staff } from '../helpers/reviewFixtures'

let ctx: PayloadIntContext
let payload: Payload
let staff: Staff
let fixtures: ReturnType<typeof reviewFixtures>
const tokens: Record<string, string> = {}
const PASSWORD = 'refusal-logging-password'

interface LogLine {
  level: number
  msg?: string
  err?: { type?: string; message?: string; stack?: string }
}
const lines: LogLine[] = []
let restore: () => void = () => {}

/**
 * Every line pino writes, whichever child logger wrote it: they share the root's destination
 * stream, which pino keeps under its own `pino.stream` symbol.
 */
function captureLog(logger: Payload['logger']) {
  let owner: object | null = logger
  let symbol: symbol | undefined
  while (owner && !symbol) {
    symbol = Object.getOwnPropertySymbols(owner).find((candidate) => candidate.description === 'pino.stream')
    owner = Object.getPrototypeOf(owner)
  }
  if (!symbol) throw new Error("Could not find pino's destination stream on payload.logger.")
  const stream = (logger as unknown as Record<symbol, { write: (chunk: string) => unknown }>)[symbol]!
  const write = stream.write
  // The test databases' Payload logs at warn (tests/helpers/intDatabase.ts): info lines are wanted here.
  const level = logger.level
  logger.level = 'info'
  stream.write = function (chunk: string) {
    for (const line of String(chunk).split('\n').filter(Boolean)) {
      try {
        lines.push(JSON.parse(line) as LogLine)
      } catch {
        lines.push({ level: 30, msg: line })
      }
    }
    return write.call(this, chunk)
  }
  return () => {
    stream.write = write
    logger.level = level
  }
}

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  const person = async (key: string, name: string, roles: Array<'writer' | 'reviewer' | 'editor'>) => {
    const email = `refusals.${key}@causeway.test`
    const doc = await payload.create({
      collection: 'users',
      data: {
        email,
        name,
        password: PASSWORD,
        roles,
        credentials: roles.includes('reviewer') ? 'MD' : undefined,
        licence: licenceFor(roles, 'MD'),
      },
      context: QUIET,
    })
    tokens[key] = (await payload.login({ collection: 'users', data: { email, password: PASSWORD } })).token!
    return doc.id
  }
  staff = {
    writer: await person('writer', 'Wren Writer', ['writer']),
    reviewer: await person('reviewer', 'Dr Rowan Reviewer', ['reviewer']),
    editor: await person('editor', 'Edda Editor', ['editor']),
  }
  fixtures = reviewFixtures(payload, staff)
  restore = captureLog(payload.logger)
})

afterAll(async () => {
  restore()
  await ctx?.cleanup()
})

afterEach(() => {
  lines.length = 0
})

const send = (path: string, who: string, method: string, body?: unknown, headers: Record<string, string> = {}) =>
  rest(path, { method, token: tokens[who], headers, body: body === undefined ? undefined : JSON.stringify(body) })

/** The lines at error level or above, in a form a failing assertion can show. */
const errors = () =>
  lines
    .filter((line) => line.level >= 50)
    .map((line) => `${line.level} ${line.err?.type ?? ''} ${line.err?.message ?? line.msg ?? ''}`)

/** The refusal was logged, once, at info and without a stack. */
function loggedAsInfo(message: RegExp) {
  const matching = lines.filter((line) => message.test(line.msg ?? line.err?.message ?? ''))
  expect(matching.length).toBeGreaterThan(0)
  expect(matching.every((line) => line.level === 30 && !line.err?.stack)).toBe(true)
}

describe('expected refusals are logged at info', () => {
  it('a publish the gate refuses (the review endpoint and a direct _status write)', async () => {
    const doc = await fixtures.draft('refused-publish')
    const endpoint = await send(`/articles/${doc.id}/publish`, 'editor', 'POST')
    expect(endpoint.status).toBeGreaterThanOrEqual(400)
    expect(endpoint.status).toBeLessThan(500)
    const direct = await send(`/articles/${doc.id}`, 'editor', 'PATCH', { _status: 'published' })
    expect(direct.status).toBe(409)
    expect(errors()).toEqual([])
    loggedAsInfo(/has no clinical sign-off/)
  })

  it('a publish by someone who may not publish', async () => {
    const doc = await fixtures.draft('refused-role')
    const response = await send(`/articles/${doc.id}/publish`, 'writer', 'POST')
    expect(response.status).toBe(403)
    const unpublish = await send(`/articles/${doc.id}/unpublish`, 'writer', 'POST', { reason: 'No.' })
    expect(unpublish.status).toBe(403)
    expect(errors()).toEqual([])
  })

  it('a save from a stale copy (409) and one from a malformed base (400)', async () => {
    const doc = await fixtures.draft('refused-stale')
    const loaded = await send(`/articles/${doc.id}?draft=true&depth=0`, 'writer', 'GET')
    const etag = loaded.headers.get('etag')!
    expect((await send(`/articles/${doc.id}?draft=true`, 'editor', 'PATCH', { summary: 'The editor’s.' })).status).toBe(
      200,
    )
    const stale = await send(
      `/articles/${doc.id}?draft=true`,
      'writer',
      'PATCH',
      { summary: 'Mine.' },
      { 'If-Match': etag },
    )
    expect(stale.status).toBe(409)
    const malformed = await send(
      `/articles/${doc.id}?draft=true`,
      'writer',
      'PATCH',
      { summary: 'Mine.' },
      { 'If-Match': '"not-a-version"' },
    )
    expect(malformed.status).toBe(400)
    expect(errors()).toEqual([])
    loggedAsInfo(/Edda Editor changed this cause article/)
  })

  it('invalid data, a forbidden write, no login and a query the guard refuses', async () => {
    const invalid = await send('/symptoms', 'editor', 'POST', { name: '' })
    expect(invalid.status).toBe(400)
    expect((await send('/reviews/1', 'writer', 'DELETE')).status).toBe(403)
    const doc = await fixtures.draft('refused-anonymous')
    expect((await rest(`/articles/${doc.id}`, { method: 'PATCH', body: '{"summary":"x"}' })).status).toBe(403)
    const query = await send('/articles?where[question][equals]=a%00b', 'editor', 'GET')
    expect(query.status).toBe(400)
    expect(errors()).toEqual([])
  })

  it('a wrong password, a request without a login and a where on a field that does not exist', async () => {
    const login = await rest('/users/login', {
      method: 'POST',
      body: JSON.stringify({ email: 'refusals.writer@causeway.test', password: 'not-the-password' }),
    })
    expect(login.status).toBe(401)
    expect((await rest('/users/me/refresh-token', { method: 'POST' })).status).toBeGreaterThanOrEqual(400)
    expect((await send('/articles?where[noSuchField][equals]=1', 'editor', 'GET')).status).toBe(400)
    expect(errors()).toEqual([])
  })
})
