/**
 * Which pages a change refreshes. Local API changes (like the job queue's) send their cache tags
 * to the server's own /revalidate route; here a small HTTP server stands in for it and records them.
 */
import http from 'node:http'

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
let server: http.Server
const received: string[][] = []

/** Tags posted to /revalidate since the last call, after the hook's post-commit delay. */
async function takeTags(): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, 1500))
  const tags = received.flat()
  received.length = 0
  return tags
}

const article = DEMO_ARTICLES[0]!
let doc: Article
let staff: Awaited<ReturnType<typeof demoStaff>>

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      if (request.url === '/revalidate') received.push((JSON.parse(body) as { tags: string[] }).tags)
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  process.env.PORT = String((server.address() as { port: number }).port)
  ctx = await initPayloadInt()
  payload = ctx.payload
  await seedDemoContent(payload)
  doc = (await payload.find({ collection: 'articles', where: { slug: { equals: article.key } }, depth: 0 })).docs[0]!
  staff = { ...(await demoStaff(payload)), writer: doc.author as number }
})

afterAll(async () => {
  await ctx?.cleanup()
  server?.close()
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
