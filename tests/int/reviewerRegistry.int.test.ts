/**
 * The reviewer registry: a sign-off rests on verified, unexpired credentials (recorded in the
 * ledger); the server records who verified them and when, and forgets it when what was verified
 * changes; nobody verifies themselves; assignment lists who can sign first; reviewers hear 30
 * days ahead that their registration expires, once per expiry date.
 */
import { createLocalReq, type Payload, type PayloadRequest } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { reviewerRegistry } from '@/collections/Users/registry'
import { requestAs } from '@/plugins/medicalReview/actAs'
import { warnExpiringCredentials } from '@/plugins/medicalReview/jobs/credentialExpiry'
import { reviewOptionsOf, reviewSettingsOf } from '@/plugins/medicalReview/resolveOptions'
import { eligibleReviewers, eligibleReviewersEndpoint } from '@/plugins/medicalReview/reviewers'

import { rest } from '../helpers/apiClient'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { verifiedLicence } from '../helpers/licence'
import { clinicalContent, QUIET, reviewFixtures } from '../helpers/reviewFixtures'

let ctx: PayloadIntContext
let payload: Payload
let fixtures: ReturnType<typeof reviewFixtures>
const PASSWORD = 'registry-test-password'
const DAY = 24 * 60 * 60 * 1000
const ids = {} as Record<'writer' | 'reviewer' | 'editor' | 'admin', number>
const tokens = {} as Record<keyof typeof ids, string>

async function person(key: string, roles: string[], licence?: Record<string, unknown>) {
  const email = `registry.${key}.${Date.now().toString(36)}@causeway.test`
  const doc = await payload.create({
    collection: 'users',
    data: { email, name: `Registry ${key}`, password: PASSWORD, roles: roles as never, licence: licence as never },
    context: QUIET,
  })
  return { id: doc.id, email }
}

const login = async (email: string) =>
  (await payload.login({ collection: 'users', data: { email, password: PASSWORD } })).token!

const licenceOf = async (id: number) =>
  (await payload.findByID({ collection: 'users', id, depth: 0, overrideAccess: true, showHiddenFields: true }))
    .licence ?? {}

const setLicence = (id: number, licence: Record<string, unknown>) =>
  payload.update({ collection: 'users', id, data: { licence } as never, overrideAccess: true, context: QUIET })

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  for (const [key, roles] of [
    ['writer', ['writer']],
    ['reviewer', ['reviewer']],
    ['editor', ['editor']],
    ['admin', ['admin']],
  ] as const) {
    const made = await person(key, [...roles], key === 'reviewer' ? verifiedLicence('MD') : undefined)
    ids[key] = made.id
    tokens[key] = await login(made.email)
  }
  fixtures = reviewFixtures(payload, { writer: ids.writer, reviewer: ids.reviewer, editor: ids.editor })
})

afterAll(async () => {
  await ctx?.cleanup()
})

/** A draft submitted to `reviewer` while their registration was in order. */
async function submittedTo(reviewer: number, label: string) {
  const doc = await fixtures.draft(label)
  await fixtures.review.submit(ids.writer, doc.id, { changeNote: 'New article.', reviewer })
  return doc
}

const ledgerEntries = async (id: number) =>
  (
    await payload.find({
      collection: 'reviews',
      where: { subjectId: { equals: String(id) } },
      depth: 0,
      overrideAccess: true,
    })
  ).docs

describe('signing off rests on the registry', () => {
  it('is refused while the credentials are unverified, saying so', async () => {
    const reviewer = await person('unverified-later', ['reviewer'], verifiedLicence('MD'))
    const doc = await submittedTo(reviewer.id, 'unverified')
    await setLicence(reviewer.id, { verified: false })
    await expect(fixtures.review.signOff(reviewer.id, doc.id, { decision: 'approve' })).rejects.toThrow(
      /MD registration .+ has not been verified\. Ask an admin to check it against the General Medical Council register/,
    )
    expect(await ledgerEntries(doc.id)).toHaveLength(0)
  })

  it('is refused once the registration has expired', async () => {
    const reviewer = await person('expired-later', ['reviewer'], verifiedLicence('MD'))
    const doc = await submittedTo(reviewer.id, 'expired')
    // Changing the expiry un-verifies it, so verify the (expired) renewal explicitly afterwards.
    await setLicence(reviewer.id, { expiresOn: new Date(Date.now() - DAY).toISOString() })
    await setLicence(reviewer.id, { verified: true })
    expect((await licenceOf(reviewer.id)).verified).toBe(true)
    await expect(fixtures.review.signOff(reviewer.id, doc.id, { decision: 'approve' })).rejects.toThrow(
      /MD registration .+ expired on \d+ \w+ \d{4}\. Ask an admin to record the renewal/,
    )
    expect(await ledgerEntries(doc.id)).toHaveLength(0)
  })

  it('is allowed with verified credentials, and the ledger records the credential', async () => {
    const doc = await submittedTo(ids.reviewer, 'verified')
    await fixtures.review.signOff(ids.reviewer, doc.id, { decision: 'approve', comments: 'Accurate.' })
    const [entry] = await ledgerEntries(doc.id)
    expect([entry?.decision, entry?.reviewer, entry?.reviewerCredentials]).toEqual(['approve', ids.reviewer, 'MD'])
  })

  it('tells apart unregistered, expired and unverified', () => {
    const now = new Date('2027-01-01T10:00:00Z')
    const base = { type: 'MD', number: 'GMC-1', issuingBody: 'General Medical Council', verified: true }
    const problem = (licence: Record<string, unknown>) => reviewerRegistry.signingProblem({ licence }, now)
    expect(problem({})).toMatch(/not in the reviewer registry/)
    expect(problem({ ...base, expiresOn: '2027-01-01T00:00:00.000Z' })).toMatch(/expired on 1 January 2027/)
    expect(problem({ ...base, expiresOn: '2027-01-02T00:00:00.000Z', verified: false })).toMatch(/not been verified/)
    expect(problem({ ...base, expiresOn: '2027-01-02T00:00:00.000Z' })).toBeNull()
  })
})

describe('verification is recorded by the server', () => {
  it('a server create stamps the time and nobody as verifier', async () => {
    const before = Date.now()
    const reviewer = await person('seeded', ['reviewer'], verifiedLicence('DPT'))
    const licence = await licenceOf(reviewer.id)
    expect([licence.verified, licence.verifiedBy ?? null]).toEqual([true, null])
    expect(new Date(licence.verifiedAt!).getTime()).toBeGreaterThanOrEqual(before - 1000)
  })

  it('an admin ticking it is recorded as the verifier; changing the number clears it; ticking again restores it', async () => {
    const reviewer = await person('ticked', ['reviewer'], verifiedLicence('MD', { verified: false }))
    expect((await licenceOf(reviewer.id)).verified).toBe(false)
    const patch = (licence: Record<string, unknown>) =>
      rest(`/users/${reviewer.id}`, { method: 'PATCH', token: tokens.admin, body: JSON.stringify({ licence }) })

    expect(
      (await patch({ verified: true, verifiedBy: ids.writer, verifiedAt: '2020-01-01T00:00:00.000Z' })).status,
    ).toBe(200)
    const ticked = await licenceOf(reviewer.id)
    expect([ticked.verified, ticked.verifiedBy]).toEqual([true, ids.admin])
    expect(Date.now() - new Date(ticked.verifiedAt!).getTime()).toBeLessThan(60_000)

    // The form still shows "verified" ticked: a save changing the number does not vouch for it.
    expect((await patch({ number: 'GMC-7654321', verified: true })).status).toBe(200)
    const changed = await licenceOf(reviewer.id)
    expect([changed.number, changed.verified, changed.verifiedBy ?? null, changed.verifiedAt ?? null]).toEqual([
      'GMC-7654321',
      false,
      null,
      null,
    ])
    expect(reviewerRegistry.signingProblem({ licence: changed }, new Date())).toMatch(/not been verified/)

    await patch({ verified: true })
    expect((await licenceOf(reviewer.id)).verified).toBe(true)
    // Saving something else keeps the verification and who made it.
    await patch({ specialties: ['neurology'] })
    expect(await licenceOf(reviewer.id)).toMatchObject({ verified: true, verifiedBy: ids.admin })
  })

  it('a reviewer cannot verify themselves', async () => {
    const reviewer = await person('self', ['reviewer'], verifiedLicence('MD', { verified: false }))
    const token = await login(reviewer.email)
    await rest(`/users/${reviewer.id}`, {
      method: 'PATCH',
      token,
      body: JSON.stringify({ licence: { verified: true, verifiedBy: reviewer.id } }),
    })
    expect(await licenceOf(reviewer.id)).toMatchObject({ verified: false, verifiedBy: null })
  })
})

describe('choosing a reviewer', () => {
  it('lists who can sign first, best-matching first, unverified last with the reason, never the author', async () => {
    const matching = await person('matching', ['reviewer'], verifiedLicence('MD', { specialties: ['musculoskeletal'] }))
    const other = await person('other', ['reviewer'], verifiedLicence('DPT', { specialties: ['dermatology'] }))
    const unverified = await person(
      'pending',
      ['reviewer'],
      verifiedLicence('MD', { specialties: ['musculoskeletal'], verified: false }),
    )
    const author = await person(
      'author',
      ['writer', 'reviewer'],
      verifiedLicence('MD', { specialties: ['musculoskeletal'] }),
    )
    const doc = await payload.create({
      collection: 'articles',
      data: { ...clinicalContent('eligible'), specialties: ['musculoskeletal'], author: author.id },
      draft: true,
      overrideAccess: true,
      context: QUIET,
    })
    const mine = new Set([matching.id, other.id, unverified.id, author.id])
    const options = reviewOptionsOf(payload as never, 'articles')

    const listed = (await eligibleReviewers(await requestAs(payload, ids.editor), options, doc as never)).filter(
      (reviewer) => mine.has(Number(reviewer.id)),
    )
    expect(listed.map((reviewer) => reviewer.id)).toEqual([matching.id, other.id, unverified.id])
    expect(listed[0]).toMatchObject({
      credentials: 'MD',
      specialties: ['Musculoskeletal and orthopaedics'],
      matches: 1,
      problem: null,
    })
    expect(listed[2]?.problem).toMatch(/not been verified/)

    // Nobody who cannot sign off is listed at all.
    const everyone = await eligibleReviewers(await requestAs(payload, ids.editor), options, doc as never)
    expect(everyone.map((reviewer) => reviewer.id)).not.toContain(ids.writer)
    expect(everyone.map((reviewer) => reviewer.id)).not.toContain(ids.editor)

    // The endpoint: staff only, same answer.
    const get = async (who: keyof typeof tokens | null) => {
      const response = await reviewersEndpoint(doc.id, who)
      return { status: response.status, body: (await response.json()) as Record<string, unknown> }
    }
    const asEditor = await get('editor')
    expect(asEditor.status).toBe(200)
    expect((asEditor.body.reviewers as Array<{ id: number }>).filter((r) => mine.has(r.id)).map((r) => r.id)).toEqual([
      matching.id,
      other.id,
      unverified.id,
    ])
    expect((await get(null)).status).toBe(401)
  })

  it('among equals, lists first who has fewer documents waiting', async () => {
    const busy = await person('busy', ['reviewer'], verifiedLicence('MD', { specialties: ['cardiology'] }))
    const free = await person('free', ['reviewer'], verifiedLicence('MD', { specialties: ['cardiology'] }))
    await submittedTo(busy.id, 'busy')
    const doc = await fixtures.draft('workload')
    const options = reviewOptionsOf(payload as never, 'articles')
    const listed = (await eligibleReviewers(await requestAs(payload, ids.editor), options, doc as never)).filter(
      (reviewer) => [busy.id, free.id].includes(Number(reviewer.id)),
    )
    expect(listed.map((reviewer) => [reviewer.id, reviewer.waiting])).toEqual([
      [free.id, 0],
      [busy.id, 1],
    ])
  })
})

/** GET /api/articles/:id/reviewers, or — until the endpoint is registered — its handler directly. */
async function reviewersEndpoint(id: number, who: keyof typeof tokens | null): Promise<Response> {
  const registered = payload.collections.articles.config.endpoints
  if (Array.isArray(registered) && registered.some((endpoint) => endpoint.path === '/:id/reviewers')) {
    return rest(`/articles/${id}/reviewers`, { method: 'GET', token: who ? tokens[who] : undefined })
  }
  const req: PayloadRequest = who ? await requestAs(payload, ids[who]) : await createLocalReq({}, payload)
  req.routeParams = { id: String(id) }
  return eligibleReviewersEndpoint(reviewOptionsOf(payload as never, 'articles')).handler(req) as Promise<Response>
}

describe('the 30-day expiry warning', () => {
  const run = async (now: Date) => {
    const req = await createLocalReq({}, payload)
    const settings = reviewSettingsOf(payload)
    return warnExpiringCredentials(req, { ...settings, collections: ['articles', 'conditions'] }, now)
  }
  const notificationsOf = async (id: number) =>
    (
      await payload.find({
        collection: 'notifications',
        where: { recipient: { equals: id }, kind: { equals: 'credentials-expiring' } },
        depth: 0,
        overrideAccess: true,
      })
    ).docs

  it('is sent once per expiry date, and again for a renewal that expires in turn', async () => {
    const now = new Date()
    const soon = new Date(now.getTime() + 12 * DAY).toISOString()
    const expiring = await person(
      'expiring',
      ['reviewer'],
      verifiedLicence('MD', { number: 'GMC-1234567', expiresOn: soon }),
    )
    const later = await person(
      'later',
      ['reviewer'],
      verifiedLicence('MD', { expiresOn: new Date(now.getTime() + 40 * DAY).toISOString() }),
    )
    const past = await person(
      'past',
      ['reviewer'],
      verifiedLicence('MD', { expiresOn: new Date(now.getTime() - DAY).toISOString() }),
    )

    const first = await run(now)
    expect(first.map((warned) => warned.id)).toContain(expiring.id)
    expect(first.map((warned) => warned.id)).not.toContain(later.id)
    expect(first.map((warned) => warned.id)).not.toContain(past.id)
    const [notice, ...more] = await notificationsOf(expiring.id)
    expect(more).toHaveLength(0)
    expect(notice).toMatchObject({
      message: expect.stringMatching(
        /^Your MD registration GMC-1234567 expires on \d+ \w+ \d{4}: ask an admin to record the renewal$/,
      ),
      url: '/admin/account',
      email: { state: 'pending' },
    })
    expect((await licenceOf(expiring.id)).expiryWarnedFor?.slice(0, 10)).toBe(soon.slice(0, 10))

    // The next day's run warns nobody again.
    expect((await run(new Date(now.getTime() + DAY))).map((warned) => warned.id)).not.toContain(expiring.id)
    expect(await notificationsOf(expiring.id)).toHaveLength(1)

    // A client cannot mark it warned (or un-warned) itself.
    await setLicence(expiring.id, { expiryWarnedFor: null })
    expect((await licenceOf(expiring.id)).expiryWarnedFor?.slice(0, 10)).toBe(soon.slice(0, 10))

    // A renewal recorded with a new date close to expiry is warned of again.
    const renewed = new Date(now.getTime() + 20 * DAY).toISOString()
    await setLicence(expiring.id, { expiresOn: renewed })
    await setLicence(expiring.id, { verified: true })
    await run(now)
    expect(await notificationsOf(expiring.id)).toHaveLength(2)
  })
})
