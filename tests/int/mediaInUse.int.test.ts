/**
 * Media in use is immutable (collections/Media/hooks/keepMediaInUse.ts, lib/media/mediaUsage.ts):
 * for each way an image can be in use — on a published page, a public profile, or in the sign-off
 * ledger — every change and delete is refused with a 409 that names where it is used, and neither
 * the stored row nor any file on disk changes. The same image is free while only an unsigned,
 * unpublished draft uses it, and an update that changes nothing is allowed. The list of places
 * media can be used is checked against the running config and the database.
 */
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import { sql } from '@payloadcms/db-postgres'
import type { Field, Payload } from 'payload'
import pg from 'pg'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import {
  LEDGER_UPLOAD_FIELDS,
  MEDIA_REFERENCE_EXEMPTIONS,
  MEDIA_REFERENCES,
  type MediaUse,
  SHOWN_ROWS,
  findMediaUsage,
} from '@/lib/media/mediaUsage'
import { paragraphs, type RichTextValue } from '@/lib/richText/paragraphs'
import { sqlRows } from '@/plugins/common/sql'
import { reviewWorkflow } from '@/plugins/medicalReview/actAs'
import { LEDGER_LOCK_KEY } from '@/plugins/medicalReview/ledger/appendEntry'
import { reviewOptionsOf } from '@/plugins/medicalReview/resolveOptions'

import { graphql, rest } from '../helpers/apiClient'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { clinicalContent, QUIET } from '../helpers/reviewFixtures'
import { licenceFor } from '../helpers/licence'

let ctx: PayloadIntContext
let payload: Payload
const PASSWORD = 'media-in-use-password'
const people = {} as Record<'writer' | 'reviewer' | 'editor' | 'admin', { id: number; token: string }>
let counter = 0
const unique = () => `${Date.now().toString(36)}${++counter}`

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  for (const role of ['writer', 'reviewer', 'editor', 'admin'] as const) {
    const email = `media.${role}@causeway.test`
    const user = await payload.create({
      collection: 'users',
      data: {
        email,
        name: `Media ${role}`,
        password: PASSWORD,
        roles: [role],
        credentials: 'MD',
        licence: licenceFor([role], 'MD'),
      },
      context: QUIET,
    })
    people[role] = {
      id: user.id,
      token: (await payload.login({ collection: 'users', data: { email, password: PASSWORD } })).token!,
    }
  }
})

afterAll(async () => {
  await ctx?.cleanup()
})

// ——— images and content that uses them ———

const png = (colour: string, width = 600, height = 400) =>
  sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer()

async function image(label: string, colour = '#336699') {
  const data = await png(colour)
  return payload.create({
    collection: 'media',
    data: { alt: `Image ${label}` },
    file: { data, mimetype: 'image/png', name: `${label}-${unique()}.png`, size: data.length },
    context: QUIET,
  })
}

/**
 * `value` with an image appended, as Payload's Lexical upload feature stores it (checked against
 * UploadServerNode.exportJSON in @payloadcms/richtext-lexical and a stored row, below).
 */
function withImage(value: RichTextValue, mediaId: number): RichTextValue {
  const node = {
    type: 'upload',
    version: 3,
    format: '',
    relationTo: 'media',
    value: mediaId,
    fields: null,
    id: randomBytes(12).toString('hex'),
  }
  return { root: { ...value.root, children: [...value.root.children, node as never] } }
}

const articles = () => reviewWorkflow(payload, 'articles', QUIET)
const staff = () => ({ writer: people.writer.id, reviewer: people.reviewer.id, editor: people.editor.id })

async function articleDraft(label: string, data: Record<string, unknown>) {
  return payload.create({
    collection: 'articles',
    data: { ...clinicalContent(label), author: people.writer.id, ...data } as never,
    draft: true,
    overrideAccess: true,
    context: QUIET,
  })
}

async function signed(label: string, data: Record<string, unknown>) {
  const doc = await articleDraft(label, data)
  await articles().submit(people.writer.id, doc.id, { changeNote: 'New article.', reviewer: people.reviewer.id })
  await articles().signOff(people.reviewer.id, doc.id, { decision: 'approve' })
  return doc
}

async function published(label: string, data: Record<string, unknown>) {
  const doc = await signed(label, data)
  await articles().publish(people.editor.id, doc.id)
  return doc
}

/** Each way an image can be in use, and the use the usage query must report for it. */
/** `only`: this use alone protects the image (no other kind of use is involved), so removing it from the list fails the case. */
const KINDS: Record<
  string,
  { build: (mediaId: number) => Promise<unknown>; expected: Partial<MediaUse>; only?: boolean }
> = {
  'hero image of a published article': {
    build: (id) => published('hero', { heroImage: id }),
    expected: { as: 'published-page', collection: 'articles', field: 'heroImage' },
    only: true,
  },
  'upload node in a published article’s introduction': {
    build: (id) => published('intro', { intro: withImage(paragraphs('An introduction with an image.'), id) }),
    expected: { as: 'published-page', collection: 'articles', field: 'intro' },
  },
  'upload node in a published article’s cause explanation': {
    build: (id) =>
      published('cause', {
        causes: [
          { heading: 'First cause', explanation: paragraphs('No image here.') },
          { heading: 'Second cause', explanation: withImage(paragraphs('This cause shows an image.'), id) },
        ],
      }),
    expected: { as: 'published-page', collection: 'articles', field: 'causes.explanation' },
  },
  'upload node in a published condition’s body': {
    build: async (id) => {
      const condition = await payload.create({
        collection: 'conditions',
        data: {
          name: `Condition ${unique()}`,
          summary: 'A condition.',
          body: withImage(paragraphs('About the condition.'), id),
        },
        draft: true,
        overrideAccess: true,
        context: QUIET,
      })
      const review = reviewWorkflow(payload, 'conditions', QUIET)
      await review.reviewAndPublish(condition.id, staff())
    },
    expected: { as: 'published-page', collection: 'conditions', field: 'body' },
  },
  'photo on a public profile': {
    build: (id) =>
      payload.create({
        collection: 'users',
        data: {
          email: `profile.${unique()}@causeway.test`,
          name: 'Dr Profile',
          password: PASSWORD,
          roles: ['writer'],
          publicProfile: true,
          photo: id,
        },
        context: QUIET,
      }),
    expected: { as: 'public-profile', collection: 'users', field: 'photo' },
    only: true,
  },
  'signed, unpublished draft': {
    build: (id) => signed('signed-draft', { intro: withImage(paragraphs('Signed, not yet published.'), id) }),
    expected: { as: 'sign-off', collection: 'articles' },
    only: true,
  },
  'an old ledger entry only': {
    build: async (id) => {
      const doc = await signed('historic', { intro: withImage(paragraphs('The first version had an image.'), id) })
      // The next version drops the image and is signed and published: only the old entry holds it.
      // (Approved content is locked: the writer reopens it first.)
      await articles().withdraw(people.writer.id, doc.id, 'Removing the image.')
      await payload.update({
        collection: 'articles',
        id: doc.id,
        draft: true,
        data: { intro: paragraphs('The image is gone.') },
        overrideAccess: true,
        context: QUIET,
      })
      await articles().submit(people.writer.id, doc.id, { changeNote: 'Image removed.', reviewer: people.reviewer.id })
      await articles().signOff(people.reviewer.id, doc.id, { decision: 'approve' })
      await articles().publish(people.editor.id, doc.id)
    },
    expected: { as: 'sign-off', collection: 'articles' },
    only: true,
  },
}

// ——— what must not change ———

const mediaDir = () => payload.collections.media.config.upload.staticDir!

/** The stored row (every column), and every file in the media folder with a hash of its bytes. */
async function stored(id: number) {
  const [row] = await sqlRows<{ row: Record<string, unknown> }>(
    payload,
    sql`SELECT to_jsonb(m) AS row FROM media m WHERE m.id = ${id}`,
  )
  const files = Object.fromEntries(
    fs
      .readdirSync(mediaDir())
      .sort()
      .map((name) => [
        name,
        createHash('sha256')
          .update(fs.readFileSync(path.join(mediaDir(), name)))
          .digest('hex'),
      ]),
  )
  return { row: row?.row ?? null, files }
}

type ErrorBody = { errors?: Array<{ message: string; data?: { reason?: string; usedBy?: unknown[] } }> }

/** A REST answer refusing the change as media in use: 409 with the reason and an actionable message. */
async function expectRefused(response: Response) {
  const body = (await response.json()) as ErrorBody
  expect(response.status, JSON.stringify(body)).toBe(409)
  expect(body.errors?.[0]?.data?.reason).toBe('media-in-use')
  expect(body.errors?.[0]?.message).toMatch(
    /^This image is (shown on|part of).* so it (can no longer change|cannot be deleted)/,
  )
}

async function expectLocalRefused(run: Promise<unknown>) {
  const error = await run.then(
    () => null,
    (caught: { status?: number; data?: { reason?: string } }) => caught,
  )
  expect(error?.status).toBe(409)
  expect(error?.data?.reason).toBe('media-in-use')
}

const replacementForm = async (data: Record<string, unknown> = {}) => {
  const form = new FormData()
  form.append(
    'file',
    new Blob([new Uint8Array(await png('#ff0000'))], { type: 'image/png' }),
    `replacement-${unique()}.png`,
  )
  form.append('_payload', JSON.stringify(data))
  return form
}

const replacementFile = async () => {
  const data = await png('#ff0000')
  return { data, mimetype: 'image/png', name: `replacement-${unique()}.png`, size: data.length }
}

// ——— the cases ———

describe.each(Object.keys(KINDS))('an image in use as the %s', (kind) => {
  let id: number

  beforeAll(async () => {
    id = (await image(kind.replace(/\W+/g, '-').slice(0, 20))).id
    await KINDS[kind]!.build(id)
  })

  it('is reported where it is used', async () => {
    const uses = await findMediaUsage(await localReq(), [id])
    expect(uses).toContainEqual(expect.objectContaining({ media: id, ...KINDS[kind]!.expected }))
    if (KINDS[kind]!.only) expect(new Set(uses.map((use) => use.as))).toEqual(new Set([KINDS[kind]!.expected.as]))
  })

  it('refuses a writer’s alt-text change', async () => {
    const before = await stored(id)
    await expectRefused(
      await rest(`/media/${id}`, {
        method: 'PATCH',
        token: people.writer.token,
        body: JSON.stringify({ alt: 'Something else' }),
      }),
    )
    expect(await stored(id)).toEqual(before)
  })

  it('refuses a writer’s file replacement through REST (multipart)', async () => {
    const before = await stored(id)
    await expectRefused(
      await rest(`/media/${id}`, { method: 'PATCH', token: people.writer.token, body: await replacementForm() }),
    )
    expect(await stored(id)).toEqual(before)
  })

  it('refuses a file replacement through the Local API (no user, access overridden)', async () => {
    const before = await stored(id)
    await expectLocalRefused(
      payload.update({ collection: 'media', id, data: {}, file: await replacementFile(), context: QUIET }),
    )
    expect(await stored(id)).toEqual(before)
  })

  it('refuses an editor’s delete', async () => {
    const before = await stored(id)
    await expectRefused(await rest(`/media/${id}`, { method: 'DELETE', token: people.editor.token }))
    expect(await stored(id)).toEqual(before)
  })
})

async function localReq() {
  const { createLocalReq } = await import('payload')
  return createLocalReq({}, payload)
}

describe('an image on a published page: every other way of changing it', () => {
  let id: number
  let slug: string

  beforeAll(async () => {
    id = (await image('every-way')).id
    const doc = await published('every-way', { heroImage: id, intro: withImage(paragraphs('With an image.'), id) })
    slug = doc.slug!
  })

  it('names the page and what to do in the refusal', async () => {
    const response = await rest(`/media/${id}`, {
      method: 'PATCH',
      token: people.writer.token,
      body: JSON.stringify({ alt: 'Changed' }),
    })
    const body = (await response.json()) as ErrorBody
    const { docs } = await payload.find({ collection: 'articles', where: { slug: { equals: slug } }, depth: 0 })
    expect(body.errors?.[0]?.message).toBe(
      `This image is shown on published pages (“${docs[0]!.question}”) and is part of a clinical sign-off (“${docs[0]!.question}”), so it can no longer change: readers would see an unreviewed change. Upload a new image and choose it in the article instead (a new image in signed content needs a new review).`,
    )
    expect(body.errors?.[0]?.data?.usedBy).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          as: 'published-page',
          collection: 'articles',
          id: String(docs[0]!.id),
          fields: ['heroImage', 'intro'],
        }),
        expect.objectContaining({ as: 'sign-off', collection: 'articles', id: String(docs[0]!.id) }),
      ]),
    )
  })

  it.each([
    [
      'an admin’s alt change (Local API as the admin)',
      () =>
        payload.update({
          collection: 'media',
          id,
          data: { alt: 'Admin says' },
          overrideAccess: false,
          user: userOf('admin'),
          context: QUIET,
        }),
    ],
    [
      'a focal point change',
      () => payload.update({ collection: 'media', id, data: { focalX: 10, focalY: 90 }, context: QUIET }),
    ],
    [
      'an external URL in place of the file (Local API)',
      () =>
        payload.update({
          collection: 'media',
          id,
          data: { url: 'https://evil.example/x.png' } as never,
          context: QUIET,
        }),
    ],
    [
      'a new file name (Local API)',
      () => payload.update({ collection: 'media', id, data: { filename: 'other.png' } as never, context: QUIET }),
    ],
    [
      'a replacement with transactions disabled',
      async () =>
        payload.update({
          collection: 'media',
          id,
          data: {},
          file: await replacementFile(),
          disableTransaction: true,
          context: QUIET,
        }),
    ],
    [
      'a bulk update selecting it',
      () =>
        payload.update({ collection: 'media', where: { id: { equals: id } }, data: { alt: 'Bulk' }, context: QUIET }),
    ],
    [
      'a bulk delete selecting it',
      () => payload.delete({ collection: 'media', where: { id: { equals: id } }, context: QUIET }),
    ],
    ['a delete through the Local API', () => payload.delete({ collection: 'media', id, context: QUIET })],
  ] as const)('refuses %s', async (_what, run) => {
    const before = await stored(id)
    const result = await run().then(
      (value) => ({ value, error: null }),
      (error: { status?: number; data?: { reason?: string } }) => ({ value: null, error }),
    )
    // Bulk operations report refused documents in `errors` instead of throwing.
    const bulkErrors = (result.value as { errors?: Array<{ message: string }> } | null)?.errors
    if (bulkErrors)
      expect(bulkErrors.map((error) => error.message)).toEqual([
        expect.stringMatching(/^This image is shown on published pages/),
      ])
    else expect(result.error).toMatchObject({ status: 409, data: { reason: 'media-in-use' } })
    expect(await stored(id)).toEqual(before)
  })

  it.each([
    [
      'a crop',
      'uploadEdits[crop][x]=0&uploadEdits[crop][y]=0&uploadEdits[crop][width]=50&uploadEdits[crop][height]=50&uploadEdits[crop][unit]=%25',
    ],
    ['a new focal point', 'uploadEdits[focalPoint][x]=5&uploadEdits[focalPoint][y]=5'],
  ])('refuses %s from the image editor (REST)', async (_what, query) => {
    const before = await stored(id)
    await expectRefused(
      await rest(`/media/${id}?${query}`, { method: 'PATCH', token: people.writer.token, body: JSON.stringify({}) }),
    )
    expect(await stored(id)).toEqual(before)
  })

  it('refuses a bulk update through REST (the list view’s edit)', async () => {
    const before = await stored(id)
    await expectRefused(
      await rest(`/media?where[id][equals]=${id}`, {
        method: 'PATCH',
        token: people.writer.token,
        body: JSON.stringify({ alt: 'Bulk' }),
      }),
    )
    expect(await stored(id)).toEqual(before)
  })

  it('refuses an alt change through GraphQL', async () => {
    const before = await stored(id)
    const result = await graphql(
      `mutation { updateMedia(id: ${id}, data: { alt: "GraphQL says" }) { id } }`,
      people.writer.token,
    )
    expect(JSON.stringify(result.errors)).toMatch(/This image is shown on published pages/)
    expect(await stored(id)).toEqual(before)
  })

  it('allows an update that changes nothing: the same alt text, or the document sent back as read', async () => {
    const before = await stored(id)
    const same = await rest(`/media/${id}`, {
      method: 'PATCH',
      token: people.writer.token,
      body: JSON.stringify({ alt: 'Image every-way' }),
    })
    expect(same.status).toBe(200)
    const asRead = await (await rest(`/media/${id}?depth=0`, { token: people.writer.token })).json()
    const echoed = await rest(`/media/${id}`, {
      method: 'PATCH',
      token: people.writer.token,
      body: await multipartOf(asRead),
    })
    expect(echoed.status).toBe(200)
    await payload.update({
      collection: 'media',
      id,
      data: { alt: 'Image every-way', focalX: 50, focalY: 50 },
      context: QUIET,
    })
    const after = await stored(id)
    // Only Payload's own timestamp moves.
    expect({ ...after, row: { ...after.row, updated_at: null } }).toEqual({
      ...before,
      row: { ...before.row, updated_at: null },
    })
  })

  it('keeps its renditions when a new image with the same name stem and size is uploaded', async () => {
    const original = await payload.findByID({ collection: 'media', id, depth: 0 })
    const before = await stored(id)
    const stem = original.filename!.replace(/\.png$/, '')
    const data = await sharp(await png('#ff0000'))
      .jpeg()
      .toBuffer()
    const other = await payload.create({
      collection: 'media',
      data: { alt: 'Same stem' },
      file: { data, mimetype: 'image/jpeg', name: `${stem}.jpg`, size: data.length },
      context: QUIET,
    })
    expect(other.sizes?.thumbnail?.filename).not.toBe(original.sizes?.thumbnail?.filename)
    const after = await stored(id)
    for (const [name, hash] of Object.entries(before.files)) expect(after.files[name], name).toBe(hash)
  })

  it('refuses a Local API write over its files with overwriteExistingFiles', async () => {
    const original = await payload.findByID({ collection: 'media', id, depth: 0 })
    const before = await stored(id)
    const data = await png('#ff0000')
    await expectLocalRefused(
      payload.create({
        collection: 'media',
        data: { alt: 'Overwrite' },
        file: { data, mimetype: 'image/png', name: original.filename!, size: data.length },
        overwriteExistingFiles: true,
        context: QUIET,
      }),
    )
    expect(await stored(id)).toEqual(before)
  })

  it('holds the ledger lock while checking, so a sign-off or publish cannot slip in before the write commits', async () => {
    const client = new pg.Client({ connectionString: ctx.databaseUrl })
    await client.connect()
    try {
      await client.query('BEGIN')
      await client.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_LOCK_KEY])
      const write = payload
        .update({ collection: 'media', id, data: { alt: 'Waits for the lock' }, context: QUIET })
        .then(
          () => 'written',
          (error: { status?: number }) => error.status,
        )
      // The write is blocked on the lock this connection holds (PostgreSQL says so), then goes on once it is released.
      await vi.waitFor(
        async () => {
          const { rows } = await client.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)
          expect(rows.length).toBe(1)
        },
        { timeout: 10_000 },
      )
      await client.query('COMMIT')
      expect(await write).toBe(409)
    } finally {
      await client.end()
    }
  })
})

const userOf = (role: keyof typeof people) => ({ id: people[role].id, roles: [role], collection: 'users' }) as never

/** A document as the REST API returned it, sent back the way the admin's edit form sends it. */
async function multipartOf(doc: Record<string, unknown>) {
  const form = new FormData()
  form.append('_payload', JSON.stringify(doc))
  return form
}

describe('an image only an unpublished, unsigned draft uses', () => {
  it('can be changed, replaced and deleted freely', async () => {
    const { id, filename } = await image('free')
    await articleDraft('free', { heroImage: id, intro: withImage(paragraphs('A draft with an image.'), id) })
    expect(await findMediaUsage(await localReq(), [id])).toEqual([])

    const alt = await rest(`/media/${id}`, {
      method: 'PATCH',
      token: people.writer.token,
      body: JSON.stringify({ alt: 'Better alt text' }),
    })
    expect(alt.status).toBe(200)
    const replaced = await rest(`/media/${id}`, {
      method: 'PATCH',
      token: people.writer.token,
      body: await replacementForm(),
    })
    expect(replaced.status).toBe(200)
    const afterRest = await payload.findByID({ collection: 'media', id, depth: 0 })
    expect(afterRest.alt).toBe('Better alt text')
    expect(afterRest.filename).not.toBe(filename)
    expect(fs.existsSync(path.join(mediaDir(), filename!))).toBe(false)

    const local = await payload.update({
      collection: 'media',
      id,
      data: {},
      file: await replacementFile(),
      context: QUIET,
    })
    expect(local.filename).not.toBe(afterRest.filename)

    const deleted = await rest(`/media/${id}`, { method: 'DELETE', token: people.editor.token })
    expect(deleted.status).toBe(200)
    expect(await payload.count({ collection: 'media', where: { id: { equals: id } } })).toEqual({ totalDocs: 0 })
  })
})

describe('Lexical upload nodes as the usage query reads them', () => {
  it('are stored as { type: "upload", relationTo: "media", value: <id> } and pass validation when published', async () => {
    const { id } = await image('stored-node')
    const doc = await published('stored-node', { intro: withImage(paragraphs('Shape check.'), id) })
    const [row] = await sqlRows<{ intro: { root: { children: Array<Record<string, unknown>> } } }>(
      payload,
      sql`SELECT intro FROM articles WHERE id = ${doc.id}`,
    )
    expect(row!.intro.root.children.at(-1)).toMatchObject({
      type: 'upload',
      version: 3,
      relationTo: 'media',
      value: id,
      fields: null,
    })
  })
})

// ——— the one list, against the running config and the database ———

type Found = {
  collection: string
  field: string
  kind: 'upload' | 'richText'
  hasMany: boolean
  polymorphic: boolean
  inArray: boolean
}

/** Every upload or relationship field that can hold media, and every rich-text field, in `fields`. */
function mediaFields(
  collection: string,
  fields: Field[],
  blocks: Array<{ slug: string; fields: Field[] }>,
  prefix = '',
  inArray = false,
): Found[] {
  const found: Found[] = []
  for (const field of fields) {
    const name = 'name' in field && field.name ? `${prefix}${field.name}` : undefined
    switch (field.type) {
      case 'tabs':
        for (const tab of field.tabs)
          found.push(
            ...mediaFields(
              collection,
              tab.fields,
              blocks,
              'name' in tab && tab.name ? `${prefix}${tab.name}.` : prefix,
              inArray,
            ),
          )
        break
      case 'row':
      case 'collapsible':
        found.push(...mediaFields(collection, field.fields, blocks, prefix, inArray))
        break
      case 'group':
        found.push(...mediaFields(collection, field.fields, blocks, name ? `${name}.` : prefix, inArray))
        break
      case 'array':
        found.push(...mediaFields(collection, field.fields, blocks, `${name}.`, true))
        break
      case 'blocks': {
        const own = [
          ...(field.blocks ?? []),
          ...(field.blockReferences ?? []).map((ref) =>
            typeof ref === 'string' ? blocks.find((block) => block.slug === ref)! : ref,
          ),
        ]
        for (const block of own)
          found.push(...mediaFields(collection, block.fields, blocks, `${name}.${block.slug}.`, true))
        break
      }
      case 'upload':
      case 'relationship': {
        const targets = Array.isArray(field.relationTo) ? field.relationTo : [field.relationTo]
        if (targets.includes('media')) {
          found.push({
            collection,
            field: name!,
            kind: 'upload',
            hasMany: Boolean(field.hasMany),
            polymorphic: Array.isArray(field.relationTo),
            inArray,
          })
        }
        break
      }
      case 'richText':
        found.push({ collection, field: name!, kind: 'richText', hasMany: false, polymorphic: false, inArray })
        break
    }
  }
  return found
}

const allMediaFields = () =>
  payload.config.collections.flatMap((collection) =>
    mediaFields(collection.slug, collection.fields, (payload.config.blocks ?? []) as never),
  )

describe('where media can be used (lib/media/mediaUsage.ts)', () => {
  it('every upload, relationship to media and rich-text field in the running config is listed or exempt', () => {
    const listed = new Set(
      [...MEDIA_REFERENCES, ...MEDIA_REFERENCE_EXEMPTIONS].map(({ collection, field }) => `${collection}.${field}`),
    )
    const missing = allMediaFields()
      .map(({ collection, field, kind }) => `${collection}.${field} (${kind})`)
      .filter((key) => !listed.has(key.replace(/ \(.*\)$/, '')))
    expect(
      missing,
      'add each to MEDIA_REFERENCES (where readers see it) or MEDIA_REFERENCE_EXEMPTIONS (with the reason)',
    ).toEqual([])
  })

  it('every listed reference is a field of its kind that the query can read (no stale entries)', () => {
    const fields = allMediaFields()
    for (const reference of MEDIA_REFERENCES) {
      const field = fields.find(
        (candidate) => candidate.collection === reference.collection && candidate.field === reference.field,
      )
      expect(field, `${reference.collection}.${reference.field}`).toMatchObject({
        kind: reference.kind,
        hasMany: false,
        polymorphic: false,
      })
      // Array rows live in their own table, joined to the main row; everything else is on the main row.
      expect(
        reference.table === SHOWN_ROWS[reference.collection].table,
        `${reference.collection}.${reference.field}: table`,
      ).toBe(!field!.inArray)
    }
    for (const exemption of MEDIA_REFERENCE_EXEMPTIONS) {
      expect(
        fields.some(({ collection, field }) => collection === exemption.collection && field === exemption.field),
        `${exemption.collection}.${exemption.field}`,
      ).toBe(true)
      expect(exemption.reason.length).toBeGreaterThan(20)
    }
  })

  it('every table and column the query reads exists, as the migrations made them', async () => {
    const columns = new Set(
      (
        await sqlRows<{ c: string }>(
          payload,
          sql`SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE table_schema = 'public'`,
        )
      ).map(({ c }) => c),
    )
    const needed = [
      ...MEDIA_REFERENCES.flatMap((reference) => [
        `${reference.table}.${reference.column}`,
        ...(reference.table === SHOWN_ROWS[reference.collection].table ? [] : [`${reference.table}._parent_id`]),
      ]),
      ...Object.values(SHOWN_ROWS).flatMap((shown) => [
        `${shown.table}.id`,
        `${shown.table}.${shown.title}`,
        `${shown.table}.${shown.shownWhen.column}`,
      ]),
      'reviews.snapshot',
      'reviews.subject_collection',
      'reviews.subject_id',
      'reviews.subject_title',
    ]
    expect(needed.filter((column) => !columns.has(column))).toEqual([])
  })

  it('an upload field that is clinical content (a bare id in ledger snapshots) has its place in the snapshot listed', () => {
    const missing: string[] = []
    for (const collection of payload.config.collections) {
      if (!collection.custom?.medicalReview) continue
      const options = reviewOptionsOf(payload as never, collection.slug) as {
        clinicalFields: readonly string[]
        signedWhenSet?: readonly string[]
      }
      const signed = [...options.clinicalFields, ...(options.signedWhenSet ?? [])]
      for (const found of mediaFields(collection.slug, collection.fields, [])) {
        const isSigned = signed.some((name) => found.field === name || found.field.startsWith(`${name}.`))
        const listed = LEDGER_UPLOAD_FIELDS.some(
          (entry) => entry.subjectCollection === collection.slug && entry.field === found.field,
        )
        if (found.kind === 'upload' && isSigned && !listed) missing.push(`${collection.slug}.${found.field}`)
      }
    }
    expect(missing, 'add each to LEDGER_UPLOAD_FIELDS with the jsonpath of its id in the snapshot').toEqual([])
  })
})
