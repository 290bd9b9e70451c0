/**
 * Every cell of the access table (access/matrix.ts) checked against what Payload actually does,
 * through each surface a client can reach: the Local API with `overrideAccess: false` and a user,
 * REST, and GraphQL (where the collection is exposed there). The table is the expectation; the
 * collections are built from it too, so a cell that is wrong in either place fails here.
 */
import type { Payload, PayloadRequest } from 'payload'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { readFile } from 'node:fs/promises'
import path from 'node:path'

import {
  ACCESS,
  ADMIN_SERVER_FUNCTIONS,
  COLLECTIONS,
  GLOBAL_ACCESS,
  GLOBAL_OPERATIONS,
  GLOBALS,
  type Grant,
  type MatrixCollection,
  OPERATIONS,
  type Operation,
  WHO,
  type Who,
} from '@/access/matrix'
import { reviewWorkflow } from '@/plugins/medicalReview/actAs'
import { reviewOptionsOf } from '@/plugins/medicalReview/resolveOptions'
import { scheduleAction } from '@/plugins/medicalReview/schedule'
import { SIGNATURE_MEANINGS } from '@/plugins/medicalReview/stages'
import { signOff as signOffTransition } from '@/plugins/medicalReview/workflow'

import { graphql, rest } from '../helpers/apiClient'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { QUIET, reviewFixtures } from '../helpers/reviewFixtures'
import { licenceFor } from '../helpers/licence'

type Surface = 'local' | 'rest' | 'graphql'
/** What an attempt observed: allowed or denied, and for reads which fixture ids were visible. */
type Outcome = { allowed: boolean; visible?: Array<number | string> }

let ctx: PayloadIntContext
let payload: Payload
const PASSWORD = 'matrix-test-password'
const people = {} as Record<
  Exclude<Who, 'anonymous'> | 'other' | 'public',
  { id: number; email: string; token: string; doc: Record<string, unknown> }
>
let fixtures: ReturnType<typeof reviewFixtures>
let png: Buffer
/** Per collection: an id every reader of it may see, and one only an `all` grant may see. */
const probes = {} as Record<
  MatrixCollection,
  { open?: number | string; restricted?: number | string; own?: Record<string, number | string> }
>
let counter = 0
const unique = () => `${Date.now().toString(36)}-${++counter}`

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  const make = async (key: keyof typeof people, roles: string[], extra: Record<string, unknown> = {}) => {
    const email = `matrix.${key}@causeway.test`
    const doc = await payload.create({
      collection: 'users',
      data: {
        email,
        name: `Matrix ${key}`,
        password: PASSWORD,
        roles: roles as never,
        credentials: 'MD',
        licence: licenceFor(roles, 'MD'),
        ...extra,
      },
      context: QUIET,
    })
    const token = (await payload.login({ collection: 'users', data: { email, password: PASSWORD } })).token!
    people[key] = { id: doc.id, email, token, doc: doc as unknown as Record<string, unknown> }
  }
  await make('writer', ['writer'])
  await make('reviewer', ['reviewer'])
  await make('editor', ['editor'])
  await make('admin', ['admin'])
  await make('other', ['writer'], { publicProfile: false })
  await make('public', ['writer'], { publicProfile: true })
  fixtures = reviewFixtures(payload, {
    writer: people.writer.id,
    reviewer: people.reviewer.id,
    editor: people.editor.id,
  })
  png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#336699' } })
    .png()
    .toBuffer()

  for (const collection of ['articles', 'conditions'] as const) {
    const published = collection === 'articles' ? await fixtures.signed('matrix-open') : await signedCondition('open')
    await reviewWorkflow(payload, collection, QUIET).publish(people.editor.id, published.id)
    const draft = collection === 'articles' ? await fixtures.draft('matrix-draft') : await condition('draft')
    probes[collection] = { open: published.id, restricted: draft.id }
  }
  probes.users = { open: people.public.id, restricted: people.other.id }
  probes.symptoms = {
    open: (
      await payload.create({
        collection: 'symptoms',
        data: { name: `Symptom ${unique()}`, bodyRegion: 'chest' },
        context: QUIET,
      })
    ).id,
  }
  probes.media = { open: (await mediaDoc()).id }
  probes.reviews = { open: (await payload.find({ collection: 'reviews', limit: 1 })).docs[0]!.id }
  const unpublished = await fixtures.signed('matrix-unpublished')
  await reviewWorkflow(payload, 'articles', QUIET).publish(people.editor.id, unpublished.id)
  await reviewWorkflow(payload, 'articles', QUIET).unpublish(people.editor.id, unpublished.id, 'Matrix test.')
  const records = await payload.find({
    collection: 'publications',
    where: { subjectId: { equals: String(unpublished.id) } },
    sort: 'id',
  })
  probes.publications = { open: records.docs[0]!.id, restricted: records.docs[1]!.id }
  const own: Record<string, number> = {}
  for (const key of ['writer', 'reviewer', 'editor', 'admin'] as const) {
    own[key] = (await preference(key)).id
  }
  probes['payload-preferences'] = { own, restricted: (await preference('other')).id }
  probes['review-events'] = { open: (await reviewEvent()).id }
  const addressed: Record<string, number> = {}
  for (const key of ['writer', 'reviewer', 'editor', 'admin'] as const) {
    addressed[key] = (await notification(key)).id
  }
  probes.notifications = { own: addressed, restricted: (await notification('other')).id }
  probes['payload-locked-documents'] = { restricted: (await lock()).id }
  probes['payload-jobs'] = {
    restricted: (
      await payload.jobs.queue({ task: 'reviewExpiry', input: {}, waitUntil: new Date(Date.now() + 86_400_000) })
    ).id,
  }
  probes.feedback = { restricted: (await feedback()).id }
  probes['reference-checks'] = { restricted: (await referenceCheck()).id }
})

afterAll(async () => {
  await ctx?.cleanup()
})

async function condition(label: string) {
  return payload.create({
    collection: 'conditions',
    data: { name: `Condition ${label} ${unique()}`, summary: 'A test condition.' },
    draft: true,
    overrideAccess: true,
    context: QUIET,
  })
}

async function signedCondition(label: string) {
  const doc = await condition(label)
  const review = reviewWorkflow(payload, 'conditions', QUIET)
  await review.submit(people.writer.id, doc.id, { changeNote: 'New.', reviewer: people.reviewer.id })
  await review.signOff(people.reviewer.id, doc.id, { decision: 'approve' })
  return doc
}

async function mediaDoc() {
  return payload.create({
    collection: 'media',
    data: { alt: 'A test square' },
    file: { data: png, mimetype: 'image/png', name: `square-${unique()}.png`, size: png.length },
    context: QUIET,
  })
}

async function preference(key: keyof typeof people) {
  return payload.create({
    collection: 'payload-preferences',
    data: { key: `matrix-${unique()}`, user: { relationTo: 'users', value: people[key].id }, value: { columns: [] } },
    user: { ...people[key].doc, collection: 'users' } as never,
  })
}

async function reviewEvent() {
  return payload.create({
    collection: 'review-events',
    data: {
      subjectCollection: 'articles',
      subjectId: String(probes.articles.restricted),
      subjectTitle: 'Matrix event',
      event: 'submitted',
      by: people.writer.id,
      byName: 'Matrix writer',
      note: 'Matrix test.',
      at: new Date().toISOString(),
    },
  })
}

/** A notification addressed to `key` (already e-mailed, so no delivery picks it up). */
async function notification(key: keyof typeof people) {
  return payload.create({
    collection: 'notifications',
    data: {
      recipient: people[key].id,
      kind: 'submitted',
      subjectCollection: 'articles',
      subjectId: String(probes.articles.restricted),
      message: `Matrix notice ${unique()}`,
      url: `/admin/collections/articles/${probes.articles.restricted}`,
      email: { state: 'skipped' },
    },
  })
}

async function lock() {
  return payload.create({
    collection: 'payload-locked-documents',
    data: {
      document: { relationTo: 'articles', value: probes.articles.restricted as number },
      globalSlug: null,
      user: { relationTo: 'users', value: people.other.id },
    },
    user: { ...people.other.doc, collection: 'users' } as never,
  })
}

/** A reader's report, as the feedback route stores it (nobody creates one through the API). */
async function feedback() {
  return payload.create({
    collection: 'feedback',
    data: {
      status: 'new',
      kind: 'problem',
      summary: `Matrix report ${unique()}`,
      message: 'Matrix test.',
      article: probes.articles.open as number,
    },
    overrideAccess: true,
  })
}

/** A reference check, as the reference-health job writes it (nobody writes one through the API). */
async function referenceCheck() {
  return payload.create({
    collection: 'reference-checks',
    data: {
      reference: `https://example.org/matrix-${unique()}`,
      result: 'ok',
      httpStatus: 200,
      checkedAt: new Date().toISOString(),
      articles: [probes.articles.open as number],
    },
    overrideAccess: true,
  })
}

const userOf = (who: Who) => (who === 'anonymous' ? undefined : ({ ...people[who].doc, collection: 'users' } as never))
const tokenOf = (who: Who) => (who === 'anonymous' ? undefined : people[who].token)

/** Minimal valid data to create a document in each collection. */
function createData(collection: MatrixCollection, who: Who): Record<string, unknown> {
  switch (collection) {
    case 'users':
      return {
        email: `made.${unique()}@causeway.test`,
        name: `Made ${unique()}`,
        password: 'made-password-123',
        roles: ['writer'],
      }
    case 'articles':
      return { ...fixturesContent(), author: people.writer.id }
    case 'conditions':
      return { name: `Made condition ${unique()}`, summary: 'Made.' }
    case 'symptoms':
      return { name: `Made symptom ${unique()}`, bodyRegion: 'chest' }
    case 'reviews':
      return {
        subjectCollection: 'articles',
        subjectId: '1',
        contentHash: 'x',
        snapshot: {},
        decision: 'approve',
        reviewer: people.reviewer.id,
        reviewerName: 'x',
        signedAt: new Date().toISOString(),
        entryHash: unique(),
      }
    case 'publications':
      return { subjectCollection: 'articles', subjectId: '1', action: 'publish', at: new Date().toISOString() }
    case 'review-events':
      return { subjectCollection: 'articles', subjectId: '1', event: 'approved', at: new Date().toISOString() }
    case 'notifications':
      return {
        recipient: who === 'anonymous' ? people.writer.id : people[who].id,
        kind: 'approved',
        message: `Made notice ${unique()}`,
      }
    case 'payload-preferences':
      return {
        key: `made-${unique()}`,
        value: {},
        user: { relationTo: 'users', value: who === 'anonymous' ? people.writer.id : people[who].id },
      }
    case 'payload-locked-documents':
      return {
        document: { relationTo: 'articles', value: probes.articles.restricted },
        user: { relationTo: 'users', value: people.writer.id },
      }
    case 'payload-jobs':
      return { taskSlug: 'reviewExpiry', input: {} }
    case 'feedback':
      return { status: 'new', kind: 'helpful', summary: 'Made.', article: probes.articles.open }
    case 'reference-checks':
      return { reference: `https://example.org/made-${unique()}`, result: 'ok', checkedAt: new Date().toISOString() }
    default:
      return {}
  }
}

function fixturesContent() {
  return {
    question: `Made question ${unique()}?`,
    summary: 'Made.',
    intro: { root: { type: 'root', format: '', indent: 0, version: 1, direction: null, children: [] } },
    causes: [
      {
        heading: 'A cause',
        explanation: { root: { type: 'root', format: '', indent: 0, version: 1, direction: null, children: [] } },
      },
    ],
    whenToSeekCare: { root: { type: 'root', format: '', indent: 0, version: 1, direction: null, children: [] } },
  }
}

/** A harmless change to a document of each collection. */
function updateData(collection: MatrixCollection): Record<string, unknown> {
  switch (collection) {
    case 'users':
      return { bio: `Updated ${unique()}` }
    case 'articles':
      return { summary: `Updated ${unique()}` }
    case 'conditions':
      return { summary: `Updated ${unique()}` }
    case 'symptoms':
      return { summary: `Updated ${unique()}` }
    case 'media':
      return { alt: `Updated ${unique()}` }
    case 'payload-preferences':
      return { value: { updated: unique() } }
    case 'payload-locked-documents':
      return { globalSlug: null }
    case 'notifications':
      return { readAt: new Date().toISOString() }
    case 'review-events':
      return { note: `Rewritten ${unique()}` }
    case 'feedback':
      return { editorNote: `Updated ${unique()}` }
    case 'reference-checks':
      return { title: `Rewritten ${unique()}` }
    default:
      return { comments: 'Rewritten.' }
  }
}

/** A document of `collection` to update or delete, owned by `who` where ownership matters. */
async function target(collection: MatrixCollection, who: Who, purpose: 'update' | 'delete'): Promise<number | string> {
  switch (collection) {
    case 'users':
      if (purpose === 'update') return who === 'anonymous' ? people.other.id : people[who].id
      return (await payload.create({ collection: 'users', data: createData('users', who) as never, context: QUIET })).id
    case 'articles':
      return (await fixtures.draft('target')).id
    case 'conditions':
      return (await condition('target')).id
    case 'symptoms':
      return (
        await payload.create({ collection: 'symptoms', data: createData('symptoms', who) as never, context: QUIET })
      ).id
    case 'media':
      return (await mediaDoc()).id
    case 'payload-preferences':
      return (await preference(who === 'anonymous' ? 'writer' : who)).id
    case 'payload-locked-documents':
      return (await lock()).id
    case 'notifications':
      // Their own (for anonymous: someone's), so a `recipient` grant applies.
      return (await notification(who === 'anonymous' ? 'other' : who)).id
    case 'review-events':
      return (await reviewEvent()).id
    case 'payload-jobs':
      return (
        await payload.jobs.queue({ task: 'reviewExpiry', input: {}, waitUntil: new Date(Date.now() + 86_400_000) })
      ).id
    // A row of its own, so an update or delete never touches the probe the read cells look for.
    case 'feedback':
      return (await feedback()).id
    case 'reference-checks':
      return (await referenceCheck()).id
    default:
      return probes[collection].open ?? probes[collection].restricted!
  }
}

const graphQLNames = (collection: MatrixCollection) => {
  const config = payload.collections[collection as 'users'].config as unknown as {
    graphQL?: false | { singularName: string; pluralName: string }
  }
  return config.graphQL ? config.graphQL : null
}

/** Runs one operation through one surface. */
async function attempt(
  collection: MatrixCollection,
  operation: Operation,
  who: Who,
  surface: Surface,
): Promise<Outcome | null> {
  const slug = collection as 'users'
  const token = tokenOf(who)
  const names = graphQLNames(collection)
  if (surface === 'graphql' && !names) return null
  const local = async (run: () => Promise<unknown>): Promise<Outcome> =>
    run().then(
      () => ({ allowed: true }),
      (error: { status?: number }) => {
        if (error.status && error.status >= 500) throw error
        return { allowed: false }
      },
    )
  const http = async (response: Response): Promise<Outcome> => {
    if (response.status >= 500)
      throw new Error(`${collection} ${operation} as ${who}: HTTP ${response.status} ${await response.text()}`)
    return { allowed: response.ok }
  }
  const gql = async (query: string): Promise<Outcome & { data?: Record<string, unknown> }> => {
    const result = await graphql(query, token)
    return { allowed: !result.errors?.length, data: result.data }
  }

  switch (operation) {
    case 'read': {
      const ids = [
        probes[collection].open,
        probes[collection].restricted,
        ...Object.values(probes[collection].own ?? {}),
      ].filter((id) => id !== undefined)
      const seen = (docs: Array<{ id: number | string }>) => docs.map((doc) => doc.id).filter((id) => ids.includes(id))
      if (surface === 'local') {
        return payload
          .find({
            collection: slug,
            where: { id: { in: ids } },
            overrideAccess: false,
            user: userOf(who),
            limit: 100,
            depth: 0,
          })
          .then(
            (result) => ({ allowed: true, visible: seen(result.docs as never) }),
            () => ({ allowed: false, visible: [] }),
          )
      }
      if (surface === 'rest') {
        const response = await rest(
          `/${collection}?limit=100&depth=0&${ids.map((id, i) => `where[id][in][${i}]=${id}`).join('&')}`,
          { token },
        )
        if (response.status >= 500) throw new Error(await response.text())
        if (!response.ok) return { allowed: false, visible: [] }
        return { allowed: true, visible: seen(((await response.json()) as { docs: Array<{ id: number }> }).docs) }
      }
      const result = await gql(`{ ${names!.pluralName}(limit: 100) { docs { id } } }`)
      const docs = (result.data?.[names!.pluralName] as { docs?: Array<{ id: number }> } | null)?.docs
      return { allowed: Boolean(docs), visible: docs ? seen(docs) : [] }
    }
    case 'readDrafts': {
      if (surface === 'local')
        return local(() =>
          payload.findVersions({ collection: slug as 'articles', overrideAccess: false, user: userOf(who), limit: 1 }),
        )
      if (surface === 'rest') return http(await rest(`/${collection}/versions?limit=1`, { token }))
      return gql(`{ versions${names!.pluralName}(limit: 1) { docs { id } } }`)
    }
    case 'create': {
      const data = createData(collection, who)
      if (collection === 'media') {
        if (surface === 'graphql') return null
        if (surface === 'local') {
          return local(() =>
            payload.create({
              collection: 'media',
              data: { alt: 'x' },
              file: { data: png, mimetype: 'image/png', name: `c-${unique()}.png`, size: png.length },
              overrideAccess: false,
              user: userOf(who),
              context: QUIET,
            }),
          )
        }
        const form = new FormData()
        form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), `c-${unique()}.png`)
        form.append('_payload', JSON.stringify({ alt: 'x' }))
        return http(await rest('/media', { method: 'POST', body: form, token }))
      }
      if (surface === 'local')
        return local(() =>
          payload.create({
            collection: slug,
            data: data as never,
            draft: true,
            overrideAccess: false,
            user: userOf(who),
            context: QUIET,
          }),
        )
      if (surface === 'rest')
        return http(await rest(`/${collection}?draft=true`, { method: 'POST', token, body: JSON.stringify(data) }))
      return null // GraphQL input types differ per collection; REST and Local cover create.
    }
    case 'update': {
      const id = await target(collection, who, 'update')
      const data = updateData(collection)
      if (surface === 'local')
        return local(() =>
          payload.update({
            collection: slug,
            id,
            data: data as never,
            draft: true,
            overrideAccess: false,
            user: userOf(who),
            context: QUIET,
          }),
        )
      if (surface === 'rest')
        return http(
          await rest(`/${collection}/${id}?draft=true`, { method: 'PATCH', token, body: JSON.stringify(data) }),
        )
      const [field, value] = Object.entries(data)[0]!
      if (typeof value !== 'string') return null
      return gql(
        `mutation { update${names!.singularName}(id: ${JSON.stringify(id)}, draft: true, data: { ${field}: ${JSON.stringify(value)} }) { id } }`,
      )
    }
    case 'delete': {
      const id = await target(collection, who, 'delete')
      if (surface === 'local')
        return local(() =>
          payload.delete({ collection: slug, id, overrideAccess: false, user: userOf(who), context: QUIET }),
        )
      if (surface === 'rest' && collection === 'payload-preferences') {
        // Payload routes DELETE /api/payload-preferences/:key to the caller's own preference by key.
        const { key } = await payload.findByID({ collection: 'payload-preferences', id })
        return http(await rest(`/${collection}/${key}`, { method: 'DELETE', token }))
      }
      if (surface === 'rest') return http(await rest(`/${collection}/${id}`, { method: 'DELETE', token }))
      return gql(`mutation { delete${names!.singularName}(id: ${JSON.stringify(id)}) { id } }`)
    }
    case 'publish': {
      const reviewable = collection as 'articles' | 'conditions'
      const doc =
        reviewable === 'articles' ? await fixtures.signed('publish-cell') : await signedCondition('publish-cell')
      if (surface === 'local') {
        return local(() =>
          payload.update({
            collection: reviewable,
            id: doc.id,
            data: { _status: 'published' },
            overrideAccess: false,
            user: userOf(who),
            context: QUIET,
          }),
        )
      }
      if (surface === 'rest') return http(await rest(`/${collection}/${doc.id}/publish`, { method: 'POST', token }))
      return gql(`mutation { update${names!.singularName}(id: ${doc.id}, data: { _status: published }) { id } }`)
    }
    case 'schedule': {
      if (surface === 'graphql') return null // endpoints, not part of the GraphQL schema
      const { createLocalReq } = await import('payload')
      if (collection === 'payload-jobs') {
        // Payload's jobs API, governed by `jobs.access`: running a queue (one nothing is queued on)
        // through the Local API and over REST.
        if (surface === 'rest') return http(await rest('/payload-jobs/run?queue=matrix-cells-only', { token }))
        const req = await createLocalReq({ user: userOf(who), context: QUIET }, payload)
        return local(() => payload.jobs.run({ queue: 'matrix-cells-only', overrideAccess: false, req }))
      }
      const reviewable = collection as 'articles' | 'conditions'
      const doc =
        reviewable === 'articles' ? await fixtures.signed('schedule-cell') : await signedCondition('schedule-cell')
      const input = { action: 'publish', at: new Date(Date.now() + 86_400_000).toISOString() }
      if (surface === 'rest')
        return http(
          await rest(`/${collection}/${doc.id}/schedule`, { method: 'POST', token, body: JSON.stringify(input) }),
        )
      const req = (await createLocalReq({ user: userOf(who), context: QUIET }, payload)) as PayloadRequest
      return local(() => scheduleAction(req, reviewOptionsOf(payload as never, reviewable), doc.id, input))
    }
    case 'signOff': {
      if (surface === 'graphql') return null // an endpoint, not part of the GraphQL schema
      const reviewable = collection as 'articles' | 'conditions'
      const doc = reviewable === 'articles' ? await fixtures.draft('sign-cell') : await condition('sign-cell')
      await reviewWorkflow(payload, reviewable, QUIET).submit(people.writer.id, doc.id, {
        changeNote: 'New.',
        reviewer: people.reviewer.id,
      })
      // A real signature: the statement as the dialog shows it, and the signer's password.
      const signing = {
        decision: 'approve',
        signature: { meaning: SIGNATURE_MEANINGS.approve, password: PASSWORD },
      }
      if (surface === 'rest')
        return http(
          await rest(`/${collection}/${doc.id}/sign-off`, {
            method: 'POST',
            token,
            body: JSON.stringify(signing),
          }),
        )
      const { createLocalReq } = await import('payload')
      const req = (await createLocalReq({ user: userOf(who), context: QUIET }, payload)) as PayloadRequest
      return local(() => signOffTransition(req, reviewOptionsOf(payload as never, reviewable), doc.id, signing))
    }
    case 'unlock': {
      const email = people.other.email
      if (surface === 'local') {
        const { createLocalReq } = await import('payload')
        const req = await createLocalReq({ user: userOf(who) }, payload)
        return local(() =>
          payload.unlock({ collection: 'users', data: { email } as never, overrideAccess: false, req }),
        )
      }
      if (surface === 'rest')
        return http(await rest('/users/unlock', { method: 'POST', token, body: JSON.stringify({ email }) }))
      return gql(`mutation { unlockUser(email: ${JSON.stringify(email)}) }`)
    }
    case 'admin': {
      if (surface === 'local') {
        const access = payload.collections.users.config.access.admin as (args: { req: { user: unknown } }) => boolean
        return { allowed: Boolean(await access({ req: { user: userOf(who) } })) }
      }
      if (surface === 'rest')
        return {
          allowed: Boolean(
            ((await (await rest('/access', { token })).json()) as { canAccessAdmin?: boolean }).canAccessAdmin,
          ),
        }
      const result = await gql('{ Access { canAccessAdmin } }')
      return { allowed: Boolean((result.data?.Access as { canAccessAdmin?: boolean } | undefined)?.canAccessAdmin) }
    }
  }
}

/** Whether `outcome` is what `grant` promises. */
function matches(
  collection: MatrixCollection,
  operation: Operation,
  who: Who,
  grant: Grant,
  outcome: Outcome,
): boolean {
  const probe = probes[collection]
  if (operation === 'read') {
    const visible = new Set(outcome.visible ?? [])
    switch (grant) {
      case 'all':
        return [probe.open, probe.restricted].every((id) => id === undefined || visible.has(id))
      case 'none':
        return visible.size === 0
      case 'self':
      case 'recipient':
        return visible.has(probe.own![who]!) && !visible.has(probe.restricted!)
      default:
        return visible.has(probe.open!) && !visible.has(probe.restricted!)
    }
  }
  if (grant === 'assigned') return outcome.allowed === (who === 'reviewer')
  return outcome.allowed === (grant === 'all' || grant === 'self' || grant === 'recipient')
}

const cells = COLLECTIONS.flatMap((collection) =>
  OPERATIONS.flatMap((operation) =>
    WHO.filter((who) => ACCESS[collection][operation][who] !== 'n/a').map(
      (who) => [collection, operation, who, ACCESS[collection][operation][who]] as const,
    ),
  ),
)

describe('the access table', () => {
  it('has a row for every collection Payload runs and a cell for every operation and role', () => {
    expect([...COLLECTIONS].sort()).toEqual(
      Object.keys(payload.collections)
        .filter((slug) => !['payload-migrations', 'payload-kv'].includes(slug))
        .sort(),
    )
    for (const collection of COLLECTIONS) {
      expect(Object.keys(ACCESS[collection]).sort()).toEqual([...OPERATIONS].sort())
      for (const operation of OPERATIONS)
        expect(Object.keys(ACCESS[collection][operation]).sort()).toEqual([...WHO].sort())
    }
  })

  it.each(cells)(
    '%s · %s · %s → %s, through the Local API, REST and GraphQL',
    async (collection, operation, who, grant) => {
      const observed: string[] = []
      for (const surface of ['local', 'rest', 'graphql'] as const) {
        const outcome = await attempt(collection, operation, who, surface)
        if (outcome && !matches(collection, operation, who, grant, outcome)) {
          observed.push(`${surface}: ${JSON.stringify(outcome)}`)
        }
      }
      expect(observed).toEqual([])
    },
  )
})

describe('notifications: a recipient may change only readAt', () => {
  it('through REST and the Local API, every other field of their own notification is left as it was', async () => {
    const own = await notification('writer')
    const attack = {
      readAt: new Date().toISOString(),
      message: 'Rewritten by the recipient',
      recipient: people.other.id,
      kind: 'approved',
      url: 'https://evil.example/',
      email: { state: 'pending', attempts: 0 },
    }
    const response = await rest(`/notifications/${own.id}`, {
      method: 'PATCH',
      token: people.writer.token,
      body: JSON.stringify(attack),
    })
    expect(response.status).toBe(200)
    await payload.update({
      collection: 'notifications',
      id: own.id,
      data: attack as never,
      overrideAccess: false,
      user: userOf('writer'),
    })
    const after = await payload.findByID({ collection: 'notifications', id: own.id, depth: 0 })
    expect(after.readAt).toBeTruthy()
    expect({
      message: after.message,
      recipient: after.recipient,
      kind: after.kind,
      url: after.url,
      state: after.email?.state,
    }).toEqual({
      message: own.message,
      recipient: people.writer.id,
      kind: own.kind,
      url: own.url,
      state: 'skipped',
    })
  })

  it('"Mark all read" (a bulk PATCH) reaches only the person’s own rows, whatever the where says', async () => {
    const mine = await notification('reviewer')
    const theirs = await notification('other')
    for (const query of [
      `where[recipient][equals]=${people.reviewer.id}`,
      `where[recipient][equals]=${people.other.id}`,
      '',
    ]) {
      const response = await rest(`/notifications?${query}&where[readAt][exists]=false`, {
        method: 'PATCH',
        token: people.reviewer.token,
        body: JSON.stringify({ readAt: new Date().toISOString() }),
      })
      expect(response.status).toBeLessThan(500)
    }
    expect((await payload.findByID({ collection: 'notifications', id: mine.id })).readAt).toBeTruthy()
    expect((await payload.findByID({ collection: 'notifications', id: theirs.id })).readAt).toBeFalsy()
  })
})

describe('globals', () => {
  const globalCells = GLOBALS.flatMap((slug) =>
    GLOBAL_OPERATIONS.flatMap((operation) =>
      WHO.map((who) => [slug, operation, who, GLOBAL_ACCESS[slug][operation][who]] as const),
    ),
  )

  it('has a row for every global Payload runs (Payload adds its own while building the config)', () => {
    expect([...GLOBALS].sort()).toEqual(payload.config.globals.map((global) => global.slug).sort())
  })

  it.each(globalCells)('%s · %s · %s → %s, through the Local API and REST', async (slug, operation, who, grant) => {
    const allowed = grant === 'all'
    const { createLocalReq } = await import('payload')
    const req = await createLocalReq({ user: userOf(who) }, payload)
    const local = await (
      operation === 'read'
        ? payload.findGlobal({ slug, overrideAccess: false, req })
        : payload.updateGlobal({
            slug,
            data: {
              stats: {
                scheduledRuns: { queues: { default: { tasks: { reviewExpiry: { lastScheduledRun: 'not a date' } } } } },
              },
            },
            overrideAccess: false,
            req,
          })
    ).then(
      () => true,
      () => false,
    )
    const response =
      operation === 'read'
        ? await rest(`/globals/${slug}`, { token: tokenOf(who) })
        : await rest(`/globals/${slug}`, {
            method: 'POST',
            token: tokenOf(who),
            body: JSON.stringify({ stats: { broken: true } }),
          })
    if (response.status >= 500) throw new Error(await response.text())
    expect({ local, rest: response.ok }).toEqual({ local: allowed, rest: allowed })
  })
})

describe('admin server functions', () => {
  it('lists exactly the server functions Payload offers the admin panel, each tied to rows of the table', async () => {
    // Payload keeps the list private to its module; read it from the installed source, so an
    // upgrade that adds one fails here until the table says what it may do.
    const source = await readFile(
      path.resolve('node_modules/@payloadcms/next/dist/utilities/handleServerFunctions.js'),
      'utf8',
    )
    const block = /const baseServerFunctions = \{([\s\S]*?)\n\};/.exec(source)?.[1]
    const names = [...(block ?? '').matchAll(/^\s*'?([\w-]+)'?\s*:/gm)].map((match) => match[1])
    expect(names.length).toBeGreaterThan(10)
    expect(Object.keys(ADMIN_SERVER_FUNCTIONS).sort()).toEqual(names.sort())
    for (const [name, { governedBy }] of Object.entries(ADMIN_SERVER_FUNCTIONS)) {
      for (const [collection, operation] of governedBy)
        expect(ACCESS[collection][operation].admin, `${name}: ${collection}.${operation}`).not.toBe('n/a')
    }
  })
})
