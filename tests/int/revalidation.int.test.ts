/**
 * Which pages a change refreshes: the cache tags each change writes to the `cache_invalidations`
 * outbox in its own transaction (lib/cache/revalidate.ts), read back here after it committed. How
 * servers apply them is tests/int/sharedCache.int.test.ts.
 */
import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { paragraphs } from '@/lib/richText/paragraphs'
import { DEMO_ARTICLES } from '@/seed/demoContent'
import { seedDemoContent } from '@/seed/seedDemoContent'
import type { Article } from '@/payload-types'

import { reviewWorkflow } from '@/plugins/medicalReview/actAs'

import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { demoStaff } from '../helpers/staff'

let ctx: PayloadIntContext
let payload: Payload
let seen = 0

/** Tags recorded by the changes committed since the last call. */
async function takeTags(): Promise<string[]> {
  const { rows } = await payload.db.drizzle.execute(
    sql`SELECT id::int AS id, tags FROM cache_invalidations WHERE id > ${seen} ORDER BY id`,
  )
  const records = rows as Array<{ id: number; tags: string[] }>
  seen = records.at(-1)?.id ?? seen
  return records.flatMap((record) => record.tags)
}

const article = DEMO_ARTICLES[0]!
let doc: Article
let staff: Awaited<ReturnType<typeof demoStaff>>

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  await seedDemoContent(payload)
  await takeTags()
  doc = (await payload.find({ collection: 'articles', where: { slug: { equals: article.key } }, depth: 0 })).docs[0]!
  staff = { ...(await demoStaff(payload)), writer: doc.author as number }
})

afterAll(async () => {
  await ctx?.cleanup()
})

describe('revalidation from article changes', () => {
  const firstCondition = article.causes[0]!.conditionKeys[0]!

  it('a draft save of a published article refreshes nothing', async () => {
    await payload.update({ collection: 'articles', id: doc.id, draft: true, data: { question: 'A draft rewording?' } })
    expect(await takeTags()).toEqual([])
  })

  it('unpublishing — even with a newer draft saved — refreshes the article, the lists and every page naming it', async () => {
    await reviewWorkflow(payload, 'articles').unpublish(staff.editor, doc.id, 'Checking a reader report.')
    const tags = await takeTags()
    expect(tags).toEqual(
      expect.arrayContaining([
        `article:${article.key}`,
        'articles',
        `condition:${firstCondition}`,
        `symptom:${article.symptomKeys[0]}`,
      ]),
    )
  })

  it('publishing an edit that drops a cause refreshes the page of the condition it dropped', async () => {
    await payload.update({
      collection: 'articles',
      id: doc.id,
      data: { _status: 'published', question: article.question },
    })
    await takeTags()
    const remaining = article.causes.slice(1).map((cause) => ({
      heading: cause.heading,
      explanation: paragraphs(...cause.explanation),
    }))
    await payload.update({ collection: 'articles', id: doc.id, draft: true, data: { causes: remaining } })
    const review = reviewWorkflow(payload, 'articles')
    await review.submit(staff.writer, doc.id, { changeNote: 'Dropped a cause.', reviewer: staff.reviewer })
    await review.signOff(staff.reviewer, doc.id, { decision: 'approve' })
    await takeTags()
    await review.publish(staff.editor, doc.id)
    expect(await takeTags()).toContain(`condition:${firstCondition}`)
  })

  it('renaming the slug refreshes the old address too, and only published slugs become redirects', async () => {
    await payload.update({ collection: 'articles', id: doc.id, draft: true, data: { slug: 'never-public' } })
    await payload.update({
      collection: 'articles',
      id: doc.id,
      data: { slug: 'renamed-and-published', _status: 'published' },
    })
    expect(await takeTags()).toEqual(
      expect.arrayContaining([`article:${article.key}`, 'article:renamed-and-published']),
    )
    const stored = await payload.findByID({ collection: 'articles', id: doc.id, depth: 0 })
    expect(stored.previousSlugs).toEqual([article.key])
  })
})

describe('revalidation from profile changes', () => {
  it("a reviewer's profile change refreshes every article whose byline or history links them, not only articles they wrote", async () => {
    await takeTags()
    await payload.update({
      collection: 'users',
      id: staff.reviewer,
      data: { slug: 'renamed-reviewer' },
      overrideAccess: true,
    })
    const tags = await takeTags()
    // The demo clinician signed off every demo article, and wrote none.
    expect(tags).toEqual(
      expect.arrayContaining([
        'person:renamed-reviewer',
        ...DEMO_ARTICLES.slice(1).map((demo) => `article:${demo.key}`),
      ]),
    )
  })
})
