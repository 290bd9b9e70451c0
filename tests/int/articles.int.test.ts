import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { findArticle, findArticleRedirect, findCondition, findPublishedArticles, findSymptom } from '@/lib/data/queries'
import { paragraphs } from '@/lib/richText/paragraphs'
import { DEMO_ARTICLES } from '@/seed/demoContent'
import { seedDemoContent } from '@/seed/seedDemoContent'
import type { Article } from '@/payload-types'

import { reviewWorkflow } from '@/plugins/medicalReview/actAs'

import { graphql, rest } from '../helpers/apiClient'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { demoStaff } from '../helpers/staff'

let ctx: PayloadIntContext
let payload: Payload
const QUIET = { disableRevalidate: true }
const DRAFT_SLUG = 'draft-only-question'

async function conditionId(slug: string): Promise<number> {
  const { docs } = await payload.find({ collection: 'conditions', where: { slug: { equals: slug } }, limit: 1 })
  return docs[0]!.id
}

async function anyAuthor(): Promise<number> {
  const { docs } = await payload.find({ collection: 'users', limit: 1 })
  return docs[0]!.id
}

function articleData(overrides: Partial<Article> = {}) {
  return {
    question: 'Why is this a draft?',
    summary: 'A question that was never published.',
    intro: paragraphs('Only editors should ever see this text.'),
    causes: [{ heading: 'Unpublished cause', explanation: paragraphs('Still being written.') }],
    whenToSeekCare: paragraphs('Ask a clinician.'),
    ...overrides,
  }
}

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  expect(await seedDemoContent(payload)).toBe(DEMO_ARTICLES.length)
  await payload.create({
    collection: 'articles',
    data: { ...articleData(), slug: DRAFT_SLUG, author: await anyAuthor(), _status: 'draft' },
    draft: true,
    context: QUIET,
  })
})

afterAll(async () => {
  await ctx?.cleanup()
})

describe('demo content', () => {
  it('is seeded once: a second run creates nothing', async () => {
    expect(await seedDemoContent(payload)).toBe(0)
    expect((await payload.count({ collection: 'articles' })).totalDocs).toBe(DEMO_ARTICLES.length + 1)
  })
})

describe('a draft article is invisible to readers', () => {
  it('through the data module', async () => {
    expect(await findArticle(payload, DRAFT_SLUG)).toBeNull()
    const listed = await findPublishedArticles(payload, {})
    expect(listed.map((a) => a.slug)).not.toContain(DRAFT_SLUG)
    expect(listed).toHaveLength(DEMO_ARTICLES.length)
  })

  it('through anonymous REST, with or without ?draft=true', async () => {
    for (const query of [`?where[slug][equals]=${DRAFT_SLUG}`, `?where[slug][equals]=${DRAFT_SLUG}&draft=true`]) {
      const response = await rest(`/articles${query}`)
      expect(response.status).toBe(200)
      expect((await response.json()).docs).toEqual([])
    }
  })

  it('through anonymous GraphQL, with or without draft: true', async () => {
    for (const args of [
      `where: { slug: { equals: "${DRAFT_SLUG}" } }`,
      `where: { slug: { equals: "${DRAFT_SLUG}" } }, draft: true`,
    ]) {
      const result = await graphql(`{ Articles(${args}) { docs { question } } }`)
      expect(result.errors).toBeUndefined()
      expect((result.data?.Articles as { docs: unknown[] }).docs).toEqual([])
    }
  })

  it('but an editor previewing sees it', async () => {
    const { docs } = await payload.find({ collection: 'users', where: { roles: { contains: 'editor' } }, limit: 1 })
    const draft = await findArticle(payload, DRAFT_SLUG, docs[0]!)
    expect(draft?.question).toBe('Why is this a draft?')
    expect(draft?.isDraft).toBe(true)
  })
})

describe('condition page', () => {
  it('lists exactly the published articles that name the condition as a cause', async () => {
    const sciatica = await conditionId('sciatica')
    await payload.create({
      collection: 'articles',
      data: {
        ...articleData({ question: 'Draft naming sciatica?' }),
        causes: [{ heading: 'Sciatica', conditions: [sciatica], explanation: paragraphs('Draft.') }],
        author: await anyAuthor(),
        _status: 'draft',
      },
      draft: true,
      context: QUIET,
    })
    const expected = DEMO_ARTICLES.filter((a) => a.causes.some((c) => c.conditionKeys.includes('sciatica'))).map(
      (a) => a.key,
    )
    const page = await findCondition(payload, 'sciatica')
    expect(page?.condition.name).toBe('Sciatica')
    expect(page?.articles.map((a) => a.slug).sort()).toEqual(expected.sort())
  })
})

describe('symptom page', () => {
  it('counts each condition its articles name once per article', async () => {
    const page = await findSymptom(payload, 'lower-back-pain')
    const articles = DEMO_ARTICLES.filter((a) => a.symptomKeys.includes('lower-back-pain'))
    expect(page?.articles.map((a) => a.slug).sort()).toEqual(articles.map((a) => a.key).sort())
    const expected = new Map<string, number>()
    for (const article of articles) {
      for (const key of new Set(article.causes.flatMap((c) => c.conditionKeys)))
        expected.set(key, (expected.get(key) ?? 0) + 1)
    }
    expect(Object.fromEntries(page!.causes.map((c) => [c.slug, c.count]))).toEqual(Object.fromEntries(expected))
  })
})

describe('changing a slug', () => {
  it('keeps the old address answering with the new one', async () => {
    const [article] = (
      await payload.find({ collection: 'articles', where: { slug: { equals: DEMO_ARTICLES[1]!.key } } })
    ).docs
    await payload.update({ collection: 'articles', id: article!.id, data: { slug: 'renamed-once' }, context: QUIET })
    await payload.update({ collection: 'articles', id: article!.id, data: { slug: 'renamed-twice' }, context: QUIET })
    expect(await findArticle(payload, DEMO_ARTICLES[1]!.key)).toBeNull()
    expect(await findArticleRedirect(payload, DEMO_ARTICLES[1]!.key)).toBe('renamed-twice')
    expect(await findArticleRedirect(payload, 'renamed-once')).toBe('renamed-twice')
    expect((await findArticle(payload, 'renamed-twice'))?.question).toBe(DEMO_ARTICLES[1]!.question)
  })

  it('ignores previous slugs sent by a client', async () => {
    const [victim] = (
      await payload.find({ collection: 'articles', where: { slug: { equals: DEMO_ARTICLES[2]!.key } } })
    ).docs
    const created = await payload.create({
      collection: 'articles',
      data: { ...articleData(), author: await anyAuthor(), previousSlugs: ['renamed-once'] },
      draft: true,
      context: QUIET,
    })
    expect(created.previousSlugs ?? []).toEqual([])
    expect(victim).toBeTruthy()
  })
})

describe('review on the reader page', () => {
  it('credits the sign-off of the published version and lists its history', async () => {
    const page = await findArticle(payload, DEMO_ARTICLES[0]!.key)
    expect(page?.review).toMatchObject({
      name: 'Priya Natarajan',
      credentials: 'MD',
      reviewer: { slug: 'priya-natarajan' },
    })
    expect(new Date(page!.review!.nextReviewDue!).getUTCFullYear()).toBe(
      new Date(page!.review!.signedAt).getUTCFullYear() + 1,
    )
    expect(page?.history.map((entry) => entry.review?.name)).toEqual(['Priya Natarajan'])
    // The seed's internal change note is not reader text: the history shows the public note only.
    expect(JSON.stringify(page)).not.toContain('First version.')
  })

  it('shows readers publish records only, without who published or why something was taken down', async () => {
    const response = await rest('/publications?limit=100&depth=0')
    const { docs } = (await response.json()) as { docs: Array<Record<string, unknown>> }
    expect(docs.length).toBeGreaterThan(0)
    expect(new Set(docs.map((doc) => doc.action))).toEqual(new Set(['publish']))
    expect(docs.some((doc) => 'by' in doc || 'reason' in doc)).toBe(false)
    expect((await rest('/reviews')).status).toBe(403)
  })
})

describe('scheduled publishing', () => {
  /** A time that has just passed, scheduled as if two minutes ago (the runner picks it up at once). */
  const justPassed = () => ({ at: new Date(Date.now() - 30_000).toISOString(), now: new Date(Date.now() - 120_000) })

  it('publishes a signed-off draft when its scheduled time has passed and the job queue runs, as the scheduling editor', async () => {
    const staff = await demoStaff(payload)
    const draft = await payload.create({
      collection: 'articles',
      data: { ...articleData({ question: 'Scheduled question?' }), author: staff.writer, _status: 'draft' },
      draft: true,
      context: QUIET,
    })
    const review = reviewWorkflow(payload, 'articles', QUIET)
    await review.submit(staff.writer, draft.id, { changeNote: 'New article.', reviewer: staff.reviewer })
    await review.signOff(staff.reviewer, draft.id, { decision: 'approve' })
    expect(await findArticle(payload, draft.slug!)).toBeNull()
    const { at, now } = justPassed()
    await review.schedule(staff.editor, draft.id, { action: 'publish', at }, now)
    expect((await review.scheduled(staff.editor, draft.id)).map((item) => [item.action, item.error])).toEqual([
      ['publish', null],
    ])
    // The job's cache invalidation goes to the outbox, applied by every server after commit (none runs here).
    await payload.jobs.run({ queue: 'default' })
    expect((await findArticle(payload, draft.slug!))?.question).toBe('Scheduled question?')
    const { docs } = await payload.find({
      collection: 'publications',
      where: { subjectCollection: { equals: 'articles' }, subjectId: { equals: String(draft.id) } },
      depth: 0,
    })
    expect(docs.map((record) => [record.action, record.by])).toEqual([['publish', staff.editor]])
    expect(await review.scheduled(staff.editor, draft.id)).toEqual([])
  })
})

describe('field-level validation', () => {
  it.each(['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'ftp://example.org/file', 'not a url'])(
    'refuses a reference URL %j, naming the field',
    async (url) => {
      const attempt = payload.create({
        collection: 'articles',
        data: { ...articleData(), author: await anyAuthor(), references: [{ title: 'Bad', url }] },
        context: QUIET,
      })
      await expect(attempt).rejects.toMatchObject({
        data: { errors: [expect.objectContaining({ path: 'references.0.url' })] },
      })
    },
  )

  it('takes at most 20 causes and 50 references, and says which limit a save broke', async () => {
    const author = await anyAuthor()
    const cause = (n: number) => ({ heading: `Cause ${n}`, explanation: paragraphs(`Cause ${n}.`) })
    const reference = (n: number) => ({ title: `Source ${n}`, url: `https://example.org/${n}` })
    const tooManyCauses = payload.create({
      collection: 'articles',
      data: { ...articleData(), author, causes: Array.from({ length: 21 }, (_, n) => cause(n + 1)) },
      context: QUIET,
    })
    await expect(tooManyCauses).rejects.toMatchObject({
      data: { errors: [expect.objectContaining({ path: 'causes', message: expect.stringMatching(/20/) })] },
    })
    const tooManyReferences = payload.create({
      collection: 'articles',
      data: { ...articleData(), author, references: Array.from({ length: 51 }, (_, n) => reference(n + 1)) },
      context: QUIET,
    })
    await expect(tooManyReferences).rejects.toMatchObject({
      data: { errors: [expect.objectContaining({ path: 'references', message: expect.stringMatching(/50/) })] },
    })
    const atTheLimit = await payload.create({
      collection: 'articles',
      data: {
        ...articleData({ question: 'Why does a long list of causes still fit?' }),
        author,
        causes: Array.from({ length: 20 }, (_, n) => cause(n + 1)),
        references: Array.from({ length: 50 }, (_, n) => reference(n + 1)),
      },
      context: QUIET,
    })
    expect([atTheLimit.causes.length, atTheLimit.references?.length]).toEqual([20, 50])
  })

  it('refuses a javascript: link inside rich text', async () => {
    const intro = paragraphs('x') as unknown as { root: { children: Array<{ children: unknown[] }> } }
    intro.root.children[0]!.children = [
      {
        type: 'link',
        version: 3,
        fields: { linkType: 'custom', url: 'javascript:alert(1)' },
        children: [{ type: 'text', text: 'click', version: 1 }],
      },
    ]
    const attempt = payload.create({
      collection: 'articles',
      data: { ...articleData(), intro: intro as unknown as Article['intro'], author: await anyAuthor() },
      context: QUIET,
    })
    await expect(attempt).rejects.toMatchObject({ data: { errors: [expect.objectContaining({ path: 'intro' })] } })
  })

  it('refuses an image without alt text', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    )
    const attempt = payload.create({
      collection: 'media',
      data: {} as { alt: string },
      file: { data: png, mimetype: 'image/png', name: 'dot.png', size: png.length },
    })
    await expect(attempt).rejects.toMatchObject({ data: { errors: [expect.objectContaining({ path: 'alt' })] } })
  })

  it('refuses an SVG upload', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    const attempt = payload.create({
      collection: 'media',
      data: { alt: 'A drawing' },
      file: { data: svg, mimetype: 'image/svg+xml', name: 'x.svg', size: svg.length },
    })
    await expect(attempt).rejects.toThrow()
  })
})

describe('authorship', () => {
  it('a writer is the author of what they create, whatever they send, and cannot reassign it', async () => {
    const { docs: writers } = await payload.find({
      collection: 'users',
      where: { roles: { contains: 'writer' } },
      limit: 2,
    })
    const [me, someoneElse] = writers
    const created = await payload.create({
      collection: 'articles',
      data: { ...articleData({ question: 'Whose article is this?' }), author: someoneElse!.id },
      user: me,
      overrideAccess: false,
      draft: true,
      context: QUIET,
    })
    const idOf = (value: Article['author']) => (typeof value === 'object' ? value.id : value)
    expect(idOf(created.author)).toBe(me!.id)
    const updated = await payload.update({
      collection: 'articles',
      id: created.id,
      data: { author: someoneElse!.id },
      user: me,
      overrideAccess: false,
      draft: true,
      context: QUIET,
    })
    expect(idOf(updated.author)).toBe(me!.id)
  })
})
