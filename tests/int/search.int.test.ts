/**
 * Reader search: ranking by where the words are (question > causes > the rest), web-search
 * operators, hostile input, and that only published documents are ever found.
 */
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { paragraphs } from '@/lib/richText/paragraphs'
import { MARK_END, MARK_START, searchPublished } from '@/lib/search/searchIndex'
import { reviewWorkflow } from '@/plugins/medicalReview/actAs'

import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { QUIET, type Staff } from '../helpers/reviewFixtures'
import { licenceFor } from '../helpers/licence'

let ctx: PayloadIntContext
let payload: Payload
let staff: Staff
const ids: Record<'question' | 'heading' | 'body' | 'draft', number> = {} as never

async function publishedArticle(question: string, heading: string, body: string) {
  const doc = await payload.create({
    collection: 'articles',
    data: {
      question,
      summary: 'A test article for search.',
      intro: paragraphs(body),
      causes: [{ heading, explanation: paragraphs('An explanation.') }],
      whenToSeekCare: paragraphs('See a clinician if it persists.'),
      author: staff.writer,
    },
    draft: true,
    context: QUIET,
  })
  const review = reviewWorkflow(payload, 'articles', QUIET)
  await review.reviewAndPublish(doc.id, staff)
  return doc.id
}

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  const person = async (key: string, roles: Array<'writer' | 'reviewer' | 'editor'>) =>
    (
      await payload.create({
        collection: 'users',
        data: {
          email: `search.${key}@causeway.test`,
          name: `Search ${key}`,
          password: 'search-password',
          roles,
          credentials: 'MD',
          licence: licenceFor(roles, 'MD'),
        },
        context: QUIET,
      })
    ).id
  staff = {
    writer: await person('writer', ['writer']),
    reviewer: await person('reviewer', ['reviewer']),
    editor: await person('editor', ['editor']),
  }
  ids.body = await publishedArticle(
    'Why does my wrist ache?',
    'Tendon strain',
    'Long hours of typing can leave the forearm sore; bursitis is rare here.',
  )
  ids.heading = await publishedArticle(
    'Why does my shoulder ache?',
    'Bursitis of the shoulder',
    'Reaching overhead can hurt.',
  )
  ids.question = await publishedArticle(
    'Why does bursitis hurt at night?',
    'Lying on the joint',
    'Pressure on an inflamed sac hurts.',
  )
  ids.draft = (
    await payload.create({
      collection: 'articles',
      data: {
        question: 'Why does bursitis secretly hurt?',
        summary: 'Never published.',
        intro: paragraphs('A zebracorn draft.'),
        causes: [{ heading: 'Zebracorn', explanation: paragraphs('Draft only.') }],
        whenToSeekCare: paragraphs('x'),
        author: staff.writer,
      },
      draft: true,
      context: QUIET,
    })
  ).id
})

afterAll(async () => {
  await ctx?.cleanup()
})

describe('search', () => {
  it('ranks a match in the question above one in a cause heading above one in the text', async () => {
    const { hits, total } = await searchPublished(payload, 'bursitis')
    expect(hits.map((hit) => hit.id)).toEqual([ids.question, ids.heading, ids.body])
    expect(total).toBe(3)
  })

  it('highlights the matched words in the snippet', async () => {
    const { hits } = await searchPublished(payload, 'typing')
    expect(hits[0]!.snippet).toContain(`${MARK_START}typing${MARK_END}`)
  })

  it('understands quotes, -word and or', async () => {
    expect((await searchPublished(payload, '"shoulder ache"')).hits.map((hit) => hit.id)).toEqual([ids.heading])
    expect((await searchPublished(payload, 'bursitis -shoulder')).hits.map((hit) => hit.id).sort()).toEqual(
      [ids.question, ids.body].sort(),
    )
    expect((await searchPublished(payload, 'wrist or shoulder')).hits.map((hit) => hit.id).sort()).toEqual(
      [ids.body, ids.heading].sort(),
    )
  })

  it.each([
    ["'); drop table search_documents; --"],
    ['a'.repeat(10_000)],
    ['!!! ((( ::: &&& |||'],
    ['\u0000\u0001 bursitis'],
    ['"unclosed quote bursitis'],
    ['-'],
    ['   '],
  ])('answers hostile input %j with results or an empty list', async (query) => {
    const result = await searchPublished(payload, query)
    expect(Array.isArray(result.hits)).toBe(true)
    expect(result.total).toBe(result.hits.length)
  })

  it('never finds a draft', async () => {
    expect((await searchPublished(payload, 'zebracorn')).hits).toEqual([])
    expect((await searchPublished(payload, 'secretly')).hits).toEqual([])
  })

  it('drops an article from the results when it is unpublished, in the same transaction', async () => {
    await reviewWorkflow(payload, 'articles', QUIET).unpublish(staff.editor, ids.body, 'Testing search.')
    expect((await searchPublished(payload, 'typing')).hits).toEqual([])
  })

  it('answers from the GIN index, not a sequential scan, with 10 000 documents indexed', async () => {
    const db = payload.db as unknown as {
      drizzle: { execute: (query: unknown) => Promise<{ rows: Array<Record<string, string>> }> }
    }
    const { sql } = await import('@payloadcms/db-postgres')
    await db.drizzle.execute(sql`
      INSERT INTO search_documents (collection, doc_id, title, slug, summary, body, vector)
      SELECT 'articles', 100000 + n, 'Generated question ' || n, 'generated-' || n, 'Generated.', body, to_tsvector('english', body)
      FROM (
        -- About as many distinct words per row as a real article's vector holds.
        SELECT n, (SELECT string_agg(md5((n * 1000 + k)::text), ' ') FROM generate_series(1, 60) AS k) AS body
        FROM generate_series(1, 10000) AS n
      ) AS generated`)
    await db.drizzle.execute(sql`ANALYZE search_documents`)
    const { rows } = await db.drizzle.execute(sql`
      EXPLAIN SELECT doc_id FROM search_documents WHERE vector @@ websearch_to_tsquery('english', 'bursitis')`)
    const plan = rows.map((row) => Object.values(row)[0]).join('\n')
    expect(plan).toContain('search_documents_vector_idx')
    expect(plan).not.toMatch(/Seq Scan/)
    expect((await searchPublished(payload, 'bursitis')).hits.length).toBeGreaterThan(0)
  })

  it('pages through results', async () => {
    const { hits } = await searchPublished(payload, 'bursitis', 2)
    expect(hits).toEqual([])
  })
})
