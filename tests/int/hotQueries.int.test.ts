/**
 * The hot lists stay index-driven at scale: on 10 000 articles (six versions each), every SQL
 * statement Payload sends for the article page, the symptom and condition pages, the review
 * queue, the admin's stage filter, the review-expiry job, the condition picker and search is
 * EXPLAINed, and none may read a large table end to end.
 */
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { explainHotQueries, type ExplainedQuery, HOT_QUERIES } from '@/bench/hotQueries'

import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { fillAtScale, SCALE } from '../helpers/scaleData'

let ctx: PayloadIntContext
let payload: Payload
let explained: ExplainedQuery[]

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  await fillAtScale(payload)
  explained = await explainHotQueries(payload)
}, 180_000)

afterAll(async () => {
  await ctx?.cleanup()
})

describe(`hot queries on ${SCALE.articles} articles`, () => {
  it('explains every hot query, each of which sent SQL', () => {
    expect(explained.map((query) => query.name)).toEqual(HOT_QUERIES.map((query) => query.name))
    for (const query of explained) expect(query.statements, query.name).toBeGreaterThan(0)
  })

  it.each(HOT_QUERIES.map((query) => query.name))('%s: no sequential scan of a large table', (name) => {
    const query = explained.find((candidate) => candidate.name === name)!
    expect(query.largeSeqScans, JSON.stringify(query.scans)).toEqual([])
  })

  it('reads the large tables through their indexes', () => {
    const indexed = new Set(
      explained.flatMap((query) => query.scans.filter((scan) => scan.index).map((scan) => scan.relation)),
    )
    for (const table of ['articles', 'articles_rels', '_articles_v', 'search_documents'])
      expect(indexed, table).toContain(table)
  })
})
