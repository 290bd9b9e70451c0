/**
 * What the benchmark reads straight from the database (with `pg`, before the server starts):
 * the pages to load, the search queries, the publish subject, and the data set's size.
 */
import type pg from 'pg'

import { withClient } from '@/tooling/db/selectDatabase'

export interface BenchPages {
  article: { id: number; slug: string }
  condition: { id: number; slug: string }
  /** A different published article, whose newest version is the published one, for publishing. */
  publish: { id: number; slug: string; question: string }
  searchQueries: string[]
}

export interface DatasetFacts {
  postgres: string
  counts: Record<string, number>
  pages: BenchPages
}

// Words that say nothing about a topic — function words, and the phrasing every question shares
// ("What does it mean…", "Should I worry…") — which no reader would search for.
const STOP_WORDS = new Set(
  [
    'about after again also and are because been before being between both but can could does doing during each from get gets',
    'getting have having how into its just more most much only other over same should some such than that the their them then',
    'there these they this those through too under until very was were what when where which while who whom why will with would',
    'you your yours feel feels happen happens keep mean means normal serious sign signs something worry',
  ]
    .join(' ')
    .split(' '),
)

/**
 * About 50 single words from published questions — the 25 most frequent, then 25 spread over the
 * rest (common words match many documents, rare ones few) — plus a few two-word queries and
 * quoted phrases taken from whole questions. Deterministic, so runs are comparable.
 */
export function searchQueries(questions: string[]): string[] {
  const frequency = new Map<string, number>()
  const pairs: [string, string][] = []
  for (const question of questions) {
    const words = question.toLowerCase().match(/[a-z]+/g) ?? []
    for (const word of words)
      if (word.length >= 4 && !STOP_WORDS.has(word)) frequency.set(word, (frequency.get(word) ?? 0) + 1)
    for (let i = 0; i + 1 < words.length; i++) {
      const [a, b] = [words[i]!, words[i + 1]!]
      if (a.length >= 4 && b.length >= 4 && !STOP_WORDS.has(a) && !STOP_WORDS.has(b)) pairs.push([a, b])
    }
  }
  const ranked = [...frequency].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([word]) => word)
  const common = ranked.slice(0, 25)
  const rest = ranked.slice(25)
  const spread =
    rest.length <= 25 ? rest : Array.from({ length: 25 }, (_, i) => rest[Math.floor((i * rest.length) / 25)]!)
  const uniquePairs = [...new Map(pairs.map((pair) => [pair.join(' '), pair])).values()]
  const pick = (count: number, offset: number) =>
    Array.from(
      { length: Math.min(count, uniquePairs.length) },
      (_, i) => uniquePairs[(offset + Math.floor((i * uniquePairs.length) / count)) % uniquePairs.length]!,
    )
  const twoWords = pick(5, 0).map(([a, b]) => `${a} ${b}`)
  const phrases = pick(3, 1).map(([a, b]) => `"${a} ${b}"`)
  return [...new Set([...common, ...spread, ...twoWords, ...phrases])]
}

export async function readDataset(url: string): Promise<DatasetFacts> {
  return withClient(url, async (client) => {
    const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
      (await client.query<T>(sql, params)).rows[0]
    const count = async (sql: string) => Number((await one<{ n: string }>(sql))?.n ?? 0)
    const counts = {
      articles: await count('SELECT count(*) AS n FROM articles'),
      published: await count(`SELECT count(*) AS n FROM articles WHERE _status = 'published'`),
      conditions: await count('SELECT count(*) AS n FROM conditions'),
      conditionsPublished: await count(`SELECT count(*) AS n FROM conditions WHERE _status = 'published'`),
      symptoms: await count('SELECT count(*) AS n FROM symptoms'),
      users: await count('SELECT count(*) AS n FROM users'),
      articleVersions: await count('SELECT count(*) AS n FROM _articles_v'),
      searchDocuments: await count('SELECT count(*) AS n FROM search_documents'),
    }
    const article = await one<{ id: number; slug: string }>(
      `SELECT id, slug FROM articles WHERE _status = 'published' ORDER BY id LIMIT 1`,
    )
    const condition = await one<{ id: number; slug: string }>(
      `SELECT id, slug FROM conditions WHERE _status = 'published' ORDER BY id LIMIT 1`,
    )
    if (!article) throw new Error('The data set has no published article to load.')
    if (!condition) throw new Error('The data set has no published condition to load.')
    // The newest published article with no newer draft waiting: editing it starts a clean review.
    const publish = await one<{ id: number; slug: string; question: string }>(
      `SELECT a.id, a.slug, a.question FROM articles a
        WHERE a._status = 'published' AND a.id <> $1
          AND NOT EXISTS (SELECT 1 FROM _articles_v v WHERE v.parent_id = a.id AND v.latest AND v.version__status <> 'published')
        ORDER BY a.id DESC LIMIT 1`,
      [article.id],
    )
    if (!publish)
      throw new Error('The data set needs a second published article (without a pending draft) to measure publishing.')
    const { rows } = await client.query<{ question: string }>(
      `SELECT question FROM articles WHERE _status = 'published' ORDER BY id`,
    )
    const postgres = (await one<{ server_version: string }>('SHOW server_version'))?.server_version ?? 'unknown'
    return {
      postgres,
      counts,
      pages: { article, condition, publish, searchQueries: searchQueries(rows.map((row) => row.question)) },
    }
  })
}
