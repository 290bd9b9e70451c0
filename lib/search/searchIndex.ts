/**
 * Full-text search over published articles and conditions, and the symptoms readers can browse
 * (PostgreSQL `tsvector`, GIN index).
 *
 * `search_documents` holds one row per published document, written by the collections' hooks in
 * the same transaction as the publish (removed on unpublish or delete), with a weighted vector:
 * the question or condition name (A), causes' headings and the conditions they name (B), and
 * everything else (C). Only published documents are ever in it, so drafts cannot appear.
 * Symptoms have no drafts: each is indexed when saved, and answers a search only while a
 * published article is about it (the same rule as the home page's list).
 */
import { sql } from '@payloadcms/db-postgres'
import type { Payload, PayloadRequest } from 'payload'

import { sqlFor } from '@/plugins/common/sql'
import { BODY_REGIONS } from '@/collections/Symptoms/bodyRegions'
import type { Article, Condition, Symptom } from '@/payload-types'

import { plainText } from './plainText'
import { fromSentenceStart, MARK_END, MARK_START } from './snippet'

export { MARK_END, MARK_START }

export type SearchCollection = 'articles' | 'conditions' | 'symptoms'

export interface SearchEntry {
  collection: SearchCollection
  id: number
  title: string
  slug: string
  summary: string
  /** Weight B: headings and the names of the conditions they link. */
  headings: string
  /** Weight C: all other text, also the source of highlighted snippets. */
  body: string
}

const names = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [])
    .map((item) => (item && typeof item === 'object' && 'name' in item ? String(item.name) : ''))
    .filter(Boolean)

/** What to index for an article (conditions named in its causes must be populated to be indexed by name). */
export function articleEntry(doc: Article): SearchEntry {
  const causes = doc.causes ?? []
  return {
    collection: 'articles',
    id: doc.id,
    title: doc.question,
    slug: doc.slug ?? '',
    summary: doc.summary,
    headings: causes.flatMap((cause) => [cause.heading, ...names(cause.conditions)]).join('\n'),
    body: [
      doc.summary,
      plainText(doc.intro),
      ...causes.map((cause) => plainText(cause.explanation)),
      plainText(doc.whenToSeekCare),
      plainText(doc.takeaway),
    ]
      .filter(Boolean)
      .join('\n\n'),
  }
}

export function conditionEntry(doc: Condition): SearchEntry {
  return {
    collection: 'conditions',
    id: doc.id,
    title: doc.name,
    slug: doc.slug ?? '',
    summary: doc.summary,
    headings: (doc.alsoKnownAs ?? []).join('\n'),
    body: [doc.summary, plainText(doc.body)].filter(Boolean).join('\n\n'),
  }
}

export function symptomEntry(doc: Symptom): SearchEntry {
  return {
    collection: 'symptoms',
    id: doc.id,
    title: doc.name,
    slug: doc.slug ?? '',
    summary: doc.summary ?? '',
    headings: BODY_REGIONS.find((region) => region.value === doc.bodyRegion)?.label ?? '',
    body: doc.summary ?? '',
  }
}

/** Writes (or replaces) a document's row, in `req`'s transaction. */
export async function indexDocument(
  payload: Payload,
  entry: SearchEntry,
  req?: Partial<PayloadRequest>,
): Promise<void> {
  const { db } = await sqlFor(payload, req)
  await db.execute(sql`
    INSERT INTO search_documents (collection, doc_id, title, slug, summary, body, vector, updated_at)
    VALUES (${entry.collection}, ${entry.id}, ${entry.title}, ${entry.slug}, ${entry.summary}, ${entry.body},
      setweight(to_tsvector('english', ${entry.title}), 'A') ||
      setweight(to_tsvector('english', ${entry.headings}), 'B') ||
      setweight(to_tsvector('english', ${entry.body}), 'C'),
      now())
    ON CONFLICT (collection, doc_id) DO UPDATE SET
      title = EXCLUDED.title, slug = EXCLUDED.slug, summary = EXCLUDED.summary, body = EXCLUDED.body,
      vector = EXCLUDED.vector, updated_at = EXCLUDED.updated_at`)
}

export async function removeDocument(
  payload: Payload,
  collection: SearchCollection,
  id: number | string,
  req?: Partial<PayloadRequest>,
) {
  const { db } = await sqlFor(payload, req)
  await db.execute(sql`DELETE FROM search_documents WHERE collection = ${collection} AND doc_id = ${Number(id)}`)
}

export interface SearchHit {
  collection: SearchCollection
  id: number
  title: string
  slug: string
  summary: string
  /** The best matching passage; matched words are wrapped in \u0001 … \u0002 (render, never inject). */
  snippet: string
  rank: number
}

export const PAGE_SIZE = 10
/** Longer input is cut: a query is a few words, and PostgreSQL's parser need not see 10 kB. */
export const MAX_QUERY_LENGTH = 200

/**
 * Ranked, highlighted results for a reader's query (`websearch_to_tsquery`: quotes, `-word` and
 * `or` work; any input is safe). Empty or stop-word-only queries return no results.
 */
export async function searchPublished(
  payload: Payload,
  query: string,
  page = 1,
): Promise<{ hits: SearchHit[]; total: number }> {
  const q = query
    // eslint-disable-next-line no-control-regex -- control characters are what this strips
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ')
    .trim()
    .slice(0, MAX_QUERY_LENGTH)
  if (!q) return { hits: [], total: 0 }
  const offset = (Math.max(1, Math.floor(page)) - 1) * PAGE_SIZE
  const { db } = await sqlFor(payload)
  // Ranked first, into narrow rows (MATERIALIZED): counted and sorted alongside the vectors, a
  // common word's 8 500 matches spilled 28 MB to disk and took twice as long. Only the page's
  // ten rows are then read whole and highlighted.
  const { rows } = await db.execute(sql`
    WITH query AS (SELECT websearch_to_tsquery('english', ${q}) AS tsq),
    ranked AS MATERIALIZED (
      SELECT d.id, d.doc_id, ts_rank_cd(d.vector, query.tsq, 1) AS rank
      FROM search_documents d, query
      WHERE d.vector @@ query.tsq
        -- A symptom answers only while a published article is about it.
        AND (d.collection <> 'symptoms' OR EXISTS (
          SELECT 1 FROM articles_rels r JOIN articles a ON a.id = r.parent_id
          WHERE r.path = 'symptoms' AND r.symptoms_id = d.doc_id AND a._status = 'published'))
    ),
    page AS (
      SELECT id, doc_id, rank, count(*) OVER () AS total FROM ranked
      ORDER BY rank DESC, doc_id
      LIMIT ${PAGE_SIZE} OFFSET ${offset}
    )
    SELECT d.collection, d.doc_id, d.title, d.slug, d.summary, d.body, page.rank, page.total,
      ts_headline('english', d.body, query.tsq, ${`StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=15, MaxFragments=1`}) AS snippet
    FROM page JOIN search_documents d ON d.id = page.id, query
    ORDER BY page.rank DESC, page.doc_id`)
  return {
    total: rows.length ? Number(rows[0]!.total) : 0,
    hits: rows.map((row) => ({
      collection: row.collection as SearchCollection,
      id: Number(row.doc_id),
      title: String(row.title),
      slug: String(row.slug),
      summary: String(row.summary),
      // The best passage, moved back to the start of its sentence.
      snippet: fromSentenceStart(String(row.snippet), String(row.body)),
      rank: Number(row.rank),
    })),
  }
}
