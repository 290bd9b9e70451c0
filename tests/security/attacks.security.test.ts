/**
 * The attack suite: each case one line of intent, drawn from Payload's and Next.js's published
 * advisories (draft leaks, hidden-field oracles, `_status` forging, role escalation, unlock by
 * any user, duplicate of auth documents, query injection, unsafe uploads and links) and from the
 * rules in access/matrix.ts. Fuzz cases use fast-check with a fixed seed (FC_SEED overrides it);
 * a failure prints the seed and the counterexample.
 */
import fc from 'fast-check'
import type { Payload } from 'payload'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { RichText } from '@/components/RichText'
import { referenceHref } from '@/lib/safeUrl'
import { DEMO_PASSWORD } from '@/seed/demoAccounts'
import { DEMO_PEOPLE } from '@/seed/demoContent'
import { seedDemoContent } from '@/seed/seedDemoContent'

import { graphql, rest } from '../helpers/apiClient'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { QUIET, reviewFixtures } from '../helpers/reviewFixtures'
import { demoStaff } from '../helpers/staff'

const SEED = Number(process.env.FC_SEED ?? 20261126)
const RUNS = Number(process.env.FC_RUNS ?? 60)

let ctx: PayloadIntContext
let payload: Payload
const tokens: Record<'writer' | 'reviewer' | 'editor' | 'admin', string> = {} as never
const ids = {} as {
  writer: number
  reviewer: number
  editor: number
  draft: number
  published: number
  publishedVersion: number
  signedDraft: number
}
const SECRET_TEXT = 'Only staff should ever read this draft sentence'

const login = async (email: string, password: string) =>
  (await payload.login({ collection: 'users', data: { email, password } })).token!

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  await seedDemoContent(payload)
  const staff = await demoStaff(payload)
  for (const role of ['writer', 'reviewer', 'editor'] as const) {
    tokens[role] = await login(DEMO_PEOPLE.find((person) => person.roles.includes(role))!.email, DEMO_PASSWORD)
  }
  await payload.create({
    collection: 'users',
    data: { email: 'attack.admin@causeway.test', name: 'Attack Admin', password: 'attack-admin-pw', roles: ['admin'] },
    context: QUIET,
  })
  tokens.admin = await login('attack.admin@causeway.test', 'attack-admin-pw')
  ids.writer = staff.writer
  ids.reviewer = staff.reviewer
  ids.editor = staff.editor
  const fixtures = reviewFixtures(payload, staff)
  const draft = await fixtures.draft('attack-draft')
  await payload.update({
    collection: 'articles',
    id: draft.id,
    draft: true,
    data: { summary: SECRET_TEXT },
    context: QUIET,
  })
  ids.draft = draft.id
  const published = await fixtures.signed('attack-published')
  await fixtures.review.publish(staff.editor, published.id)
  await payload.update({
    collection: 'articles',
    id: published.id,
    draft: true,
    data: { summary: SECRET_TEXT },
    context: QUIET,
  })
  ids.published = published.id
  const { docs } = await payload.findVersions({
    collection: 'articles',
    where: { parent: { equals: published.id }, 'version._status': { equals: 'published' } },
    limit: 1,
  })
  ids.publishedVersion = docs[0]!.id as unknown as number
  ids.signedDraft = (await fixtures.signed('attack-signed')).id
})

afterAll(async () => {
  await ctx?.cleanup()
})

const text = async (response: Response) => `${response.status} ${await response.text()}`
const json = async <T>(response: Response) => (await response.json()) as T
const isPublished = async (id: number) =>
  (await payload.findByID({ collection: 'articles', id, draft: false, depth: 0, overrideAccess: true }))._status ===
  'published'

describe('drafts never reach an anonymous reader', () => {
  it('GET /api/articles?draft=true returns no draft-only article and no draft text', async () => {
    const body = await text(await rest('/articles?draft=true&limit=100&depth=0'))
    expect(body).not.toContain(SECRET_TEXT)
    expect(body).not.toContain(`"id":${ids.draft},`)
  })

  it('where[_status][equals]=draft finds nothing', async () => {
    expect(
      (await json<{ totalDocs: number }>(await rest('/articles?where[_status][equals]=draft&draft=true'))).totalDocs,
    ).toBe(0)
  })

  it('GET /api/articles/:id of a draft answers 404, with or without ?draft=true', async () => {
    expect((await rest(`/articles/${ids.draft}`)).status).toBe(404)
    expect((await rest(`/articles/${ids.draft}?draft=true`)).status).toBe(404)
  })

  it('a published article read with ?draft=true shows the published text, not its newer draft', async () => {
    expect(await text(await rest(`/articles/${ids.published}?draft=true`))).not.toContain(SECRET_TEXT)
  })

  it('GET /api/articles/versions is refused', async () => {
    expect((await rest('/articles/versions')).status).toBe(403)
  })

  it('GET /api/articles/versions/:id is refused', async () => {
    expect((await rest(`/articles/versions/${ids.publishedVersion}`)).status).toBe(403)
  })

  it('GraphQL Articles(draft: true) returns no draft text', async () => {
    expect(
      JSON.stringify(await graphql('{ Articles(draft: true, limit: 100) { docs { id summary } } }')),
    ).not.toContain(SECRET_TEXT)
  })

  it('GraphQL versionsArticles is refused', async () => {
    const result = await graphql('{ versionsArticles { docs { id } } }')
    expect(result.errors?.length).toBeGreaterThan(0)
  })

  it('GraphQL Article(id, draft: true) of a draft returns nothing', async () => {
    const result = await graphql(`{ Article(id: ${ids.draft}, draft: true) { id summary } }`)
    expect(JSON.stringify(result)).not.toContain(SECRET_TEXT)
  })
})

describe('hidden fields are not oracles', () => {
  it.each([
    ['users', 'where[email][like]=causeway', undefined],
    ['users', 'sort=email', 'writer'],
    ['users', 'where[sessions.id][exists]=true', undefined],
    ['users', 'sort=sessions.id', undefined],
    ['users', 'where[hash][exists]=true', 'editor'],
    ['users', 'where[resetPasswordToken][exists]=true', undefined],
    ['users', 'where[roles][contains]=admin', undefined],
    ['articles', 'where[lastDecision.comments][like]=a', undefined],
    ['articles', 'sort=lastDecision.comments', undefined],
    ['articles', 'where[author.email][like]=causeway', undefined],
    ['publications', 'where[reason][like]=a', undefined],
  ] as const)('GET /api/%s?%s (%s) answers 400, not a filtered list', async (collection, query, who) => {
    const response = await rest(`/${collection}?${query}`, { token: who ? tokens[who] : undefined })
    expect(await text(response)).toMatch(/^400 .*cannot be queried/)
  })

  it('select[email]=true does not return other people’s email, even to staff', async () => {
    const { docs } = await json<{ docs: Array<{ id: number; email?: string }> }>(
      await rest('/users?select[email]=true&limit=100', { token: tokens.writer }),
    )
    expect(docs.filter((doc) => doc.id !== ids.writer && doc.email)).toEqual([])
  })

  it('populating people into articles (depth=2) exposes no email, roles, sessions or password fields anonymously', async () => {
    const { docs } = await json<{ docs: Array<{ author?: unknown; signOff?: { reviewer?: unknown } }> }>(
      await rest('/articles?depth=2&limit=100'),
    )
    const people = docs
      .flatMap((doc) => [doc.author, doc.signOff?.reviewer])
      .filter((person) => person && typeof person === 'object')
    expect(people.length).toBeGreaterThan(0)
    const leaked = people.flatMap((person) =>
      Object.keys(person as object).filter((key) =>
        ['email', 'roles', 'sessions', 'hash', 'salt', 'resetPasswordToken', 'loginAttempts'].includes(key),
      ),
    )
    expect(leaked).toEqual([])
  })

  it('GraphQL Users returns no email to an anonymous reader', async () => {
    const result = await graphql('{ Users(limit: 100) { docs { id email } } }')
    expect(JSON.stringify(result)).not.toMatch(/@causeway\.test/)
  })

  it('reviewer comments on a decision are not readable anonymously', async () => {
    expect(await text(await rest(`/articles/${ids.published}?depth=0`))).not.toContain('lastDecision')
  })

  it('the publication record shows readers no reason and no publisher', async () => {
    const { docs } = await json<{ docs: Array<Record<string, unknown>> }>(await rest('/publications?limit=100'))
    expect(docs.some((doc) => 'reason' in doc || 'by' in doc)).toBe(false)
  })
})

describe('_status cannot be forged by a writer', () => {
  it('REST PATCH with _status: published is refused', async () => {
    expect(
      (
        await rest(`/articles/${ids.signedDraft}`, {
          method: 'PATCH',
          token: tokens.writer,
          body: JSON.stringify({ _status: 'published' }),
        })
      ).status,
    ).toBe(403)
    expect(await isPublished(ids.signedDraft)).toBe(false)
  })

  it('REST POST creating a published article is refused', async () => {
    const response = await rest('/articles', {
      method: 'POST',
      token: tokens.writer,
      body: JSON.stringify({ question: 'Forged?', summary: 'x', _status: 'published' }),
    })
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(
      (await payload.count({ collection: 'articles', where: { question: { equals: 'Forged?' } } })).totalDocs,
    ).toBe(0)
  })

  it('GraphQL updateArticle with _status: published is refused', async () => {
    const result = await graphql(
      `mutation { updateArticle(id: ${ids.signedDraft}, data: { _status: published }) { id } }`,
      tokens.writer,
    )
    expect(result.errors?.length).toBeGreaterThan(0)
    expect(await isPublished(ids.signedDraft)).toBe(false)
  })

  it('bulk PATCH ?where with _status: published publishes nothing', async () => {
    await rest('/articles?where[id][exists]=true&draft=true', {
      method: 'PATCH',
      token: tokens.writer,
      body: JSON.stringify({ _status: 'published' }),
    })
    expect(await isPublished(ids.signedDraft)).toBe(false)
    expect(await isPublished(ids.draft)).toBe(false)
  })

  it('autosave carrying _status: published does not publish', async () => {
    await rest(`/articles/${ids.signedDraft}?draft=true&autosave=true`, {
      method: 'PATCH',
      token: tokens.writer,
      body: JSON.stringify({ _status: 'published' }),
    })
    expect(await isPublished(ids.signedDraft)).toBe(false)
  })

  it('duplicate asked for _status: published makes an unpublished copy', async () => {
    const response = await rest(`/articles/${ids.published}/duplicate`, {
      method: 'POST',
      token: tokens.writer,
      body: JSON.stringify({ _status: 'published' }),
    })
    if (response.ok) expect(await isPublished((await json<{ doc: { id: number } }>(response)).doc.id)).toBe(false)
    else expect(response.status).toBeLessThan(500)
  })

  it('restoring a published version is refused to a writer', async () => {
    const before = await payload.findByID({
      collection: 'articles',
      id: ids.published,
      draft: false,
      depth: 0,
      overrideAccess: true,
    })
    const response = await rest(`/articles/versions/${ids.publishedVersion}`, { method: 'POST', token: tokens.writer })
    // Refused before the gate is even reached: the writer may not set the author the version names.
    expect(await text(response)).toMatch(/^4\d\d /)
    const after = await payload.findByID({
      collection: 'articles',
      id: ids.published,
      draft: false,
      depth: 0,
      overrideAccess: true,
    })
    expect(after.updatedAt).toBe(before.updatedAt)
  })

  it('reviewStage and the sign-off sent by a writer are ignored', async () => {
    await rest(`/articles/${ids.draft}?draft=true`, {
      method: 'PATCH',
      token: tokens.writer,
      body: JSON.stringify({ reviewStage: 'approved', signOff: { hash: 'f'.repeat(64) }, contentHash: 'f'.repeat(64) }),
    })
    const stored = await payload.findByID({ collection: 'articles', id: ids.draft, draft: true, depth: 0 })
    expect([stored.reviewStage, stored.signOff?.hash ?? null]).toEqual(['draft', null])
  })
})

describe('nobody escalates their own rights', () => {
  const rolesOf = async (id: number) =>
    (await payload.findByID({ collection: 'users', id, depth: 0, overrideAccess: true })).roles

  it('a writer giving themself the admin role through REST is ignored', async () => {
    await rest(`/users/${ids.writer}`, {
      method: 'PATCH',
      token: tokens.writer,
      body: JSON.stringify({ roles: ['admin'] }),
    })
    expect(await rolesOf(ids.writer)).toEqual(['writer'])
  })

  it('a writer giving themself the admin role through GraphQL is ignored', async () => {
    await graphql(`mutation { updateUser(id: ${ids.writer}, data: { roles: [admin] }) { id } }`, tokens.writer)
    expect(await rolesOf(ids.writer)).toEqual(['writer'])
  })

  it('an editor cannot change another person’s roles', async () => {
    await rest(`/users/${ids.reviewer}`, {
      method: 'PATCH',
      token: tokens.editor,
      body: JSON.stringify({ roles: ['admin'] }),
    })
    expect(await rolesOf(ids.reviewer)).toEqual(['reviewer'])
  })

  it('a writer cannot set their own clinical credentials (admin only)', async () => {
    await rest(`/users/${ids.writer}`, {
      method: 'PATCH',
      token: tokens.writer,
      body: JSON.stringify({ credentials: 'MD' }),
    })
    expect(
      (await payload.findByID({ collection: 'users', id: ids.writer, overrideAccess: true })).credentials ?? null,
    ).toBeNull()
  })

  it('a writer cannot create an admin account', async () => {
    const response = await rest('/users', {
      method: 'POST',
      token: tokens.writer,
      body: JSON.stringify({ email: 'evil@x.test', password: 'evil-password-1', name: 'Evil', roles: ['admin'] }),
    })
    expect(response.status).toBe(403)
  })

  it('first-register is closed once any account exists', async () => {
    const response = await rest('/users/first-register', {
      method: 'POST',
      body: JSON.stringify({ email: 'first@x.test', password: 'first-password-1', name: 'First' }),
    })
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect((await payload.count({ collection: 'users', where: { email: { equals: 'first@x.test' } } })).totalDocs).toBe(
      0,
    )
  })

  it('a writer cannot unlock another account (open advisory: any logged-in user may, by default)', async () => {
    expect(
      (
        await rest('/users/unlock', {
          method: 'POST',
          token: tokens.writer,
          body: JSON.stringify({ email: 'attack.admin@causeway.test' }),
        })
      ).status,
    ).toBe(403)
  })

  it('a writer cannot duplicate an auth document (a user)', async () => {
    const before = (await payload.count({ collection: 'users' })).totalDocs
    const response = await rest(`/users/${ids.editor}/duplicate`, { method: 'POST', token: tokens.writer, body: '{}' })
    expect([403, 404]).toContain(response.status)
    expect((await payload.count({ collection: 'users' })).totalDocs).toBe(before)
  })
})

describe('the records cannot be forged or rewritten', () => {
  it('a writer cannot POST a ledger entry', async () => {
    expect(
      (await rest('/reviews', { method: 'POST', token: tokens.writer, body: JSON.stringify({ decision: 'approve' }) }))
        .status,
    ).toBe(403)
  })

  it('an admin cannot PATCH a ledger entry', async () => {
    const { docs } = await payload.find({ collection: 'reviews', limit: 1 })
    expect(
      (
        await rest(`/reviews/${docs[0]!.id}`, {
          method: 'PATCH',
          token: tokens.admin,
          body: JSON.stringify({ comments: 'x' }),
        })
      ).status,
    ).toBe(403)
  })

  it('an admin cannot DELETE a publication record', async () => {
    const { docs } = await payload.find({ collection: 'publications', limit: 1 })
    expect((await rest(`/publications/${docs[0]!.id}`, { method: 'DELETE', token: tokens.admin })).status).toBe(403)
  })
})

describe('hostile queries answer 4xx, never 5xx or an SQL error', () => {
  const PATHS = [
    'question',
    'summary',
    'intro',
    'intro.root.children',
    'causes.explanation',
    'causes.heading',
    'references.url',
    'meta.title',
    'slug',
    'id',
    'previousSlugs',
    'symptoms',
    'signOff.reviewerName',
    'x"; drop table articles; --',
  ]
  const OPERATORS = [
    'equals',
    'not_equals',
    'like',
    'contains',
    'in',
    'not_in',
    'exists',
    'greater_than',
    'less_than',
    'all',
    'near',
    'within',
    'intersects',
    'bogus',
  ]
  const VALUE = fc.oneof(
    fc.string(),
    fc.constantFrom(
      "'); drop table articles; --",
      '%',
      '_',
      '\\',
      '{"$ne":null}',
      'true',
      'null',
      '1e309',
      '[]',
      '\u0000',
      'a'.repeat(2000),
    ),
    fc.integer().map(String),
  )

  it('where fuzz on JSON, rich-text and text paths with every operator', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PATHS),
        fc.constantFrom(...OPERATORS),
        VALUE,
        fc.constantFrom(undefined, 'editor' as const),
        async (path, operator, value, who) => {
          const query = `where[${encodeURIComponent(path)}][${operator}]=${encodeURIComponent(value)}&depth=0&limit=5`
          const response = await rest(`/articles?${query}`, { token: who ? tokens[who] : undefined })
          const body = await response.text()
          expect(response.status, `${query} → ${body.slice(0, 200)}`).toBeLessThan(500)
          expect(body).not.toMatch(/syntax error|relation "|column "|pg_|drizzle|stack/i)
        },
      ),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('sort, select, depth and limit fuzz', async () => {
    const token = fc.oneof(
      fc.string(),
      fc.constantFrom('-question', 'causes.heading', 'intro', '__proto__', 'constructor', '-', ',,', 'id,-id'),
    )
    await fc.assert(
      fc.asyncProperty(
        token,
        token,
        fc.oneof(fc.integer({ min: -5, max: 1000 }).map(String), fc.string()),
        fc.oneof(fc.integer({ min: -5, max: 100000 }).map(String), fc.string()),
        async (sort, select, depth, limit) => {
          const query = `sort=${encodeURIComponent(sort)}&select[${encodeURIComponent(select)}]=true&depth=${encodeURIComponent(depth)}&limit=${encodeURIComponent(limit)}`
          const response = await rest(`/articles?${query}`)
          const body = await response.text()
          expect(response.status, `${query} → ${body.slice(0, 200)}`).toBeLessThan(500)
          expect(body).not.toMatch(/syntax error|relation "|column "|drizzle/i)
        },
      ),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('GraphQL where fuzz answers errors, never an internal one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('question', 'summary', 'slug'),
        fc.constantFrom('equals', 'like', 'contains', 'in', 'exists'),
        VALUE,
        async (field, operator, value) => {
          const literal =
            operator === 'exists' ? 'true' : operator === 'in' ? `[${JSON.stringify(value)}]` : JSON.stringify(value)
          const result = await graphql(
            `{ Articles(where: { ${field}: { ${operator}: ${literal} } }, limit: 3) { docs { id } } }`,
          )
          expect(JSON.stringify(result)).not.toMatch(/syntax error|relation "|column "|drizzle|Something went wrong/i)
        },
      ),
      { seed: SEED, numRuns: Math.ceil(RUNS / 2) },
    )
  })

  it('a GraphQL query nested past the complexity limit is refused', async () => {
    const nested =
      'docs { id author { id photo { id } } causes { conditions { id references { url } } } symptoms { id } }'
    const query = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: Articles(limit: 100) { ${nested} }`).join(' ')} }`
    const result = await graphql(query)
    expect(JSON.stringify(result.errors ?? [])).toMatch(/complexity/i)
  })

  it('a JSON body that is not an object changes nothing (the HTTP-level 400 is in tests/unit/requestGuard.test.ts and the browser suite)', async () => {
    const before = await payload.findByID({ collection: 'articles', id: ids.draft, draft: true, depth: 0 })
    for (const body of ['[]', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
      const response = await rest(`/articles/${ids.draft}?draft=true`, { method: 'PATCH', token: tokens.writer, body })
      expect(response.status, body).toBeLessThan(500)
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
    const after = await payload.findByID({ collection: 'articles', id: ids.draft, draft: true, depth: 0 })
    expect(after.summary).toBe(before.summary)
  })
})

describe('uploads that could carry script are refused', () => {
  const upload = (name: string, type: string, content: string) => {
    const form = new FormData()
    form.append('file', new Blob([content], { type }), name)
    form.append('_payload', JSON.stringify({ alt: 'attack' }))
    return rest('/media', { method: 'POST', token: tokens.editor, body: form })
  }

  it.each([
    ['an SVG', 'x.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ['an HTML page', 'x.html', 'text/html', '<html><script>alert(1)</script></html>'],
    ['an XML file', 'x.xml', 'application/xml', '<?xml version="1.0"?><x/>'],
    ['HTML named .png', 'x.png', 'image/png', '<html><script>alert(1)</script></html>'],
  ])('%s', async (_what, name, type, content) => {
    const before = (await payload.count({ collection: 'media' })).totalDocs
    const response = await upload(name, type, content)
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(response.status).toBeLessThan(500)
    expect((await payload.count({ collection: 'media' })).totalDocs).toBe(before)
  })
})

describe('unsafe links are never rendered as links', () => {
  const link = (url: string) => ({
    root: {
      type: 'root',
      format: '',
      indent: 0,
      version: 1,
      direction: 'ltr',
      children: [
        {
          type: 'paragraph',
          format: '',
          indent: 0,
          version: 1,
          direction: 'ltr',
          textFormat: 0,
          children: [
            {
              type: 'link',
              version: 3,
              format: '',
              indent: 0,
              direction: 'ltr',
              fields: { url, linkType: 'custom', newTab: false },
              children: [{ type: 'text', text: 'click', format: 0, style: '', mode: 'normal', detail: 0, version: 1 }],
            },
          ],
        },
      ],
    },
  })

  it.each([
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
  ])('a rich-text link to %j renders without an href', (url) => {
    const html = renderToStaticMarkup(RichText({ data: link(url) as never }))
    expect(html).toContain('click')
    expect(html).not.toMatch(/href="\s*(java|data|vb)/i)
  })

  it('a reference URL with a script scheme has no link', () => {
    expect(['javascript:alert(1)', 'data:text/html,x', 'vbscript:x'].map(referenceHref)).toEqual([null, null, null])
  })
})

describe('sessions and logins', () => {
  const account = async (key: string) => {
    const email = `session.${key}@causeway.test`
    await payload.create({
      collection: 'users',
      data: { email, name: `Session ${key}`, password: 'session-password-1', roles: ['writer'] },
      context: QUIET,
    })
    return email
  }
  const me = async (token: string) =>
    (await json<{ user: { id: number } | null }>(await rest('/users/me', { token }))).user

  it('five wrong passwords lock the account, and the right one is then refused', async () => {
    const email = await account('lockout')
    for (let i = 0; i < 5; i++) {
      await rest('/users/login', { method: 'POST', body: JSON.stringify({ email, password: `wrong-${i}` }) })
    }
    const response = await rest('/users/login', {
      method: 'POST',
      body: JSON.stringify({ email, password: 'session-password-1' }),
    })
    expect(await text(response)).toMatch(/^(401|423) .*locked/i)
  })

  it('logging out ends the session: the same token is refused afterwards', async () => {
    const email = await account('logout')
    const token = await login(email, 'session-password-1')
    expect(await me(token)).not.toBeNull()
    await rest('/users/logout', { method: 'POST', token })
    expect(await me(token)).toBeNull()
  })

  it('changing the password ends the account’s other sessions and keeps the current one', async () => {
    const email = await account('password')
    const elsewhere = await login(email, 'session-password-1')
    const here = await login(email, 'session-password-1')
    const self = (await me(here))!
    const response = await rest(`/users/${self.id}`, {
      method: 'PATCH',
      token: here,
      body: JSON.stringify({ password: 'a-brand-new-password-2' }),
    })
    expect(response.status).toBe(200)
    expect(await me(elsewhere)).toBeNull()
    expect(await me(here)).not.toBeNull()
  })

  it('a forgot-password link points at the configured server, whatever Host header was sent', async () => {
    const email = await account('forgot')
    const spy = vi.spyOn(payload.email, 'sendEmail').mockResolvedValue({})
    try {
      await rest('/users/forgot-password', {
        method: 'POST',
        headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', origin: 'https://evil.example' },
        body: JSON.stringify({ email }),
      })
      await vi.waitFor(() => expect(spy).toHaveBeenCalled())
      const sent = spy.mock.calls.map(([message]) => String(message?.html ?? message?.text ?? '')).join('\n')
      expect(sent).toContain(`${payload.config.serverURL}/admin/reset/`)
      expect(sent).not.toContain('evil.example')
    } finally {
      spy.mockRestore()
    }
  })

  it('the login cookie is HttpOnly and SameSite=Lax (and Secure in production, by config)', async () => {
    const email = await account('cookie')
    const response = await rest('/users/login', {
      method: 'POST',
      body: JSON.stringify({ email, password: 'session-password-1' }),
    })
    const cookie = response.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    const auth = payload.collections.users.config.auth as { cookies: { secure?: boolean } }
    expect(auth.cookies.secure).toBe(process.env.NODE_ENV === 'production')
  })

  it('GraphQL playground and introspection are off in production; CSRF is limited to the site origin', () => {
    expect(payload.config.graphQL).toMatchObject({
      disablePlaygroundInProduction: true,
      disableIntrospectionInProduction: true,
      maxComplexity: 1000,
    })
    expect([...new Set(payload.config.csrf)]).toEqual([payload.config.serverURL])
    expect(payload.config.maxDepth).toBe(5)
  })
})

describe("the SEO plugin's generate endpoints answer nobody", () => {
  // seoPlugin({}) is registered only for its admin translations (payload.config.ts): it has no
  // collections and no generate functions, so its endpoints must refuse even an admin.
  const PATHS = ['generate-title', 'generate-description', 'generate-url', 'generate-image']
  const body = () => JSON.stringify({ collectionSlug: 'articles', id: ids.published, doc: { id: ids.published } })

  it.each(PATHS)('POST /api/plugin-seo/%s is refused, anonymous or as an admin', async (name) => {
    const anonymous = await rest(`/plugin-seo/${name}`, { method: 'POST', body: body() })
    expect(anonymous.status).toBe(401)
    const admin = await rest(`/plugin-seo/${name}`, { method: 'POST', body: body(), token: tokens.admin })
    expect(admin.status).toBe(403)
  })
})

describe('images of signed, live articles cannot be replaced, re-described or deleted', () => {
  // The media-in-use rule (collections/Media/hooks/keepMediaInUse.ts), attacked the way a staff
  // member would: the hero image and an image inside the introduction of a signed, published
  // article. Modules this block alone needs are loaded here, to keep it self-contained.
  let slug: string
  let imageId: number
  let findArticle: typeof import('@/lib/data/queries').findArticle
  let redSquare: Buffer

  beforeAll(async () => {
    ;({ findArticle } = await import('@/lib/data/queries'))
    const { default: sharp } = await import('sharp')
    const { paragraphs } = await import('@/lib/richText/paragraphs')
    const { clinicalContent } = await import('../helpers/reviewFixtures')
    const square = (background: string) =>
      sharp({ create: { width: 600, height: 400, channels: 3, background } })
        .png()
        .toBuffer()
    const blue = await square('#336699')
    redSquare = await square('#ff0000')
    const image = await payload.create({
      collection: 'media',
      data: { alt: 'A knee, seen from the side' },
      file: { data: blue, mimetype: 'image/png', name: 'attack-knee.png', size: blue.length },
      context: QUIET,
    })
    imageId = image.id
    const intro = paragraphs('An introduction with an image a reviewer saw.')
    intro.root.children.push({
      type: 'upload',
      version: 3,
      format: '',
      relationTo: 'media',
      value: image.id,
      fields: null,
      id: '6a1f00c0ffee00000000beef',
    } as never)
    const staff = await demoStaff(payload)
    const fixtures = reviewFixtures(payload, staff)
    const article = await payload.create({
      collection: 'articles',
      data: { ...clinicalContent('attack-image'), intro, heroImage: image.id, author: staff.writer },
      draft: true,
      overrideAccess: true,
      context: QUIET,
    })
    await fixtures.review.submit(staff.writer, article.id, { changeNote: 'New article.', reviewer: staff.reviewer })
    await fixtures.review.signOff(staff.reviewer, article.id, {
      decision: 'approve',
      comments: 'Accurate, image included.',
    })
    await fixtures.review.publish(staff.editor, article.id)
    slug = article.slug!
  })

  /** What a reader's page shows of the images — URLs, alt text, renditions — and the bytes behind every file. */
  const pageImages = async () => {
    const fs = await import('node:fs')
    const path = await import('node:path')
    const { createHash } = await import('node:crypto')
    const article = await findArticle(payload, slug)
    const hero = article!.heroImage as {
      url: string
      alt: string
      filename: string
      sizes: Record<string, { url: string | null; filename: string | null }>
    }
    const node = (
      article!.intro.root.children as unknown as Array<{ type: string; value?: { url?: string; alt?: string } }>
    ).find((child) => child.type === 'upload')
    const dir = payload.collections.media.config.upload.staticDir!
    const files = [hero.filename, ...Object.values(hero.sizes).map((size) => size.filename)].filter(
      (name): name is string => Boolean(name),
    )
    return {
      hero: { url: hero.url, alt: hero.alt, sizes: hero.sizes },
      inIntroduction: { url: node?.value?.url, alt: node?.value?.alt },
      bytes: Object.fromEntries(
        files.map((name) => [
          name,
          createHash('sha256')
            .update(fs.readFileSync(path.join(dir, name)))
            .digest('hex'),
        ]),
      ),
    }
  }

  const refusal = async (response: Response) =>
    `${response.status} ${((await response.json()) as { errors?: Array<{ data?: { reason?: string } }> }).errors?.[0]?.data?.reason}`

  it('the page shows the image in the hero and in the introduction', async () => {
    const page = await pageImages()
    expect(page.hero.alt).toBe('A knee, seen from the side')
    expect(page.inIntroduction).toEqual({ url: page.hero.url, alt: page.hero.alt })
  })

  it('a writer replacing its file (REST multipart) is refused; the page is unchanged', async () => {
    const before = await pageImages()
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(redSquare)], { type: 'image/png' }), 'attack-knee-replaced.png')
    form.append('_payload', JSON.stringify({ alt: 'A knee, seen from the side' }))
    expect(await refusal(await rest(`/media/${imageId}`, { method: 'PATCH', token: tokens.writer, body: form }))).toBe(
      '409 media-in-use',
    )
    expect(await pageImages()).toEqual(before)
  })

  it('a writer changing its alt text is refused; the page is unchanged', async () => {
    const before = await pageImages()
    const response = await rest(`/media/${imageId}`, {
      method: 'PATCH',
      token: tokens.writer,
      body: JSON.stringify({ alt: 'Something the reviewer never saw' }),
    })
    expect(await refusal(response)).toBe('409 media-in-use')
    expect(await pageImages()).toEqual(before)
  })

  it('an editor deleting it is refused; the page is unchanged', async () => {
    const before = await pageImages()
    expect(await refusal(await rest(`/media/${imageId}`, { method: 'DELETE', token: tokens.editor }))).toBe(
      '409 media-in-use',
    )
    expect(await pageImages()).toEqual(before)
  })

  it('a writer uploading another image with the same name stem and size leaves its renditions alone', async () => {
    const before = await pageImages()
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(redSquare)], { type: 'image/png' }), 'attack-knee.jpg')
    form.append('_payload', JSON.stringify({ alt: 'Lookalike' }))
    expect((await rest('/media', { method: 'POST', token: tokens.writer, body: form })).status).toBe(201)
    expect(await pageImages()).toEqual(before)
  })
})
