import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'

import type { Payload } from 'payload'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { appendLedgerEntry } from '@/plugins/medicalReview/ledger/appendEntry'
import { verifyStoredLedger } from '@/plugins/medicalReview/ledger/verifyStoredLedger'

import { rest } from '../helpers/apiClient'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { verifiedLicence } from '../helpers/licence'

let ctx: PayloadIntContext
let payload: Payload
let sql: pg.Client
let adminToken: string
const ids: number[] = []

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  sql = new pg.Client({ connectionString: ctx.databaseUrl })
  await sql.connect()
  const admin = await payload.create({
    collection: 'users',
    data: {
      email: 'ledger.admin@causeway.test',
      name: 'Ledger Admin',
      password: 'ledger-admin-password',
      roles: ['admin'],
    },
  })
  const reviewer = await payload.create({
    collection: 'users',
    data: {
      email: 'ledger.reviewer@causeway.test',
      name: 'Dr Ledger',
      password: 'ledger-reviewer-pw',
      roles: ['reviewer'],
      licence: verifiedLicence('MD'),
    },
  })
  adminToken = (
    await payload.login({ collection: 'users', data: { email: admin.email, password: 'ledger-admin-password' } })
  ).token!
  for (let i = 1; i <= 3; i++) {
    const entry = await appendLedgerEntry(payload, {
      subjectCollection: 'articles',
      subjectId: String(i),
      subjectTitle: `Question ${i}?`,
      versionId: null,
      contentHash: String(i).repeat(64),
      snapshot: { question: `Question ${i}?` },
      decision: 'approve',
      comments: null,
      reviewer: reviewer.id,
      reviewerName: reviewer.name,
      reviewerCredentials: 'MD',
      signedAt: new Date(Date.UTC(2026, 10, i)).toISOString(),
      nextReviewDue: new Date(Date.UTC(2027, 10, i)).toISOString(),
    })
    ids.push(entry.id)
  }
})

afterAll(async () => {
  await sql?.end()
  await ctx?.cleanup()
})

describe('the sign-off ledger', () => {
  it('chains each entry to the one before', async () => {
    expect(await verifyStoredLedger(payload)).toEqual({ checked: 3, problem: null })
  })

  it('accepts no write through the API, even from an admin', async () => {
    const body = JSON.stringify({
      subjectCollection: 'articles',
      subjectId: '9',
      contentHash: 'x',
      decision: 'approve',
    })
    expect((await rest('/reviews', { method: 'POST', body, token: adminToken })).status).toBe(403)
    expect((await rest(`/reviews/${ids[0]}`, { method: 'PATCH', body, token: adminToken })).status).toBe(403)
    expect((await rest(`/reviews/${ids[0]}`, { method: 'DELETE', token: adminToken })).status).toBe(403)
    expect(await verifyStoredLedger(payload)).toEqual({ checked: 3, problem: null })
  })

  it.each([
    ['UPDATE', `UPDATE reviews SET decision = 'changes-requested' WHERE id = $1`],
    ['DELETE', 'DELETE FROM reviews WHERE id = $1'],
  ])('is refused %s by the database itself', async (_op, statement) => {
    await expect(sql.query(statement, [ids[1]])).rejects.toThrow(/append-only/)
  })

  it('is refused TRUNCATE by the database itself', async () => {
    await expect(sql.query('TRUNCATE reviews CASCADE')).rejects.toThrow(/append-only/)
  })

  it.each([
    ['UPDATE', `UPDATE publications SET reason = 'rewritten'`],
    ['DELETE', 'DELETE FROM publications'],
    ['TRUNCATE', 'TRUNCATE publications CASCADE'],
  ])('the publication record is refused %s by the database itself', async (_op, statement) => {
    await sql.query(
      `INSERT INTO publications (subject_collection, subject_id, action, at) VALUES ('articles', '1', 'publish', now())`,
    )
    await expect(sql.query(statement)).rejects.toThrow(/publication record is append-only/)
  })

  it('shows an entry altered with the triggers switched off, and ledger:verify exits non-zero naming it', async () => {
    await sql.query('ALTER TABLE reviews DISABLE TRIGGER reviews_append_only')
    await sql.query(`UPDATE reviews SET reviewer_credentials = 'PhD' WHERE id = $1`, [ids[1]])
    await sql.query('ALTER TABLE reviews ENABLE TRIGGER reviews_append_only')
    expect((await verifyStoredLedger(payload)).problem).toMatchObject({ id: ids[1], kind: 'altered' })

    const cli = promisify(execFile)(path.resolve('node_modules/.bin/tsx'), [path.resolve('scripts/ledger-verify.ts')], {
      env: { ...process.env, DATABASE_URL: ctx.databaseUrl, NO_COLOR: '1' },
    })
    await expect(cli).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`Ledger broken at entry ${ids[1]}`),
    })
  })
})
