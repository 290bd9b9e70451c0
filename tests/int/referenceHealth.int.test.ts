/**
 * Reference health (lib/references/referenceHealth.ts) on a real database: published articles
 * and conditions whose references point at a local HTTP server (and a DOI resolver on it), the
 * `checkReferences` job run through the queue, the rows it keeps, and the dashboard's reading of
 * them (lib/references/report.ts). Nothing reaches the internet.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Payload } from 'payload'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { ReferenceHealth } from '@/components/admin/ReferenceHealth'

import type { ReferenceCheck } from '@/payload-types'
import {
  checkReferenceHealth,
  REFERENCE_HEALTH_CRON,
  REFERENCE_HEALTH_TASK,
  referenceCheckSettings,
  referenceHealthTask,
  releaseAbandonedChecks,
} from '@/lib/references/referenceHealth'
import { referenceHealthReport } from '@/lib/references/report'
import { reviewWorkflow } from '@/plugins/medicalReview/actAs'

import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { licenceFor } from '../helpers/licence'
import { clinicalContent, QUIET, type Staff } from '../helpers/reviewFixtures'

const DAY = 24 * 60 * 60 * 1000

let ctx: PayloadIntContext
let payload: Payload
let staff: Staff
let server: http.Server
let base: string
/** Paths the server was asked for. */
const asked: string[] = []
/** What /flaky answers: broken until it is fixed. */
let flakyStatus = 404

const ENV_KEYS = ['REFERENCE_CHECK_ALLOW_ADDRESSES', 'REFERENCE_DOI_RESOLVER', 'REFERENCE_CHECK_TIMEOUT_MS'] as const
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]))

const url = (path: string) => `${base}${path}`
const reference = (path: string, title = `Source at ${path}`) => ({ title, url: url(path) })

let article: { id: number; question: string }
let condition: { id: number; name: string }
let redrafted: { id: number }
let draftOnly: { id: number }
let soonUncited: { id: number }

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname
    asked.push(path)
    if (path === '/ok') return res.writeHead(200).end()
    if (path === '/old') return res.writeHead(301, { location: '/new' }).end()
    if (path === '/new') return res.writeHead(200).end()
    if (path === '/missing') return res.writeHead(404).end()
    if (path === '/flaky') return res.writeHead(flakyStatus).end()
    if (path === '/down') return res.writeHead(503).end()
    if (path === '/resolver/10.5555/known') return res.writeHead(302, { location: `${base}/publisher/known` }).end()
    if (path === '/publisher/known') return res.writeHead(200).end()
    if (path.startsWith('/resolver/')) return res.writeHead(404).end()
    res.writeHead(200).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // What a test needs of the job's environment: this server allowed, the resolver on it.
  process.env.REFERENCE_CHECK_ALLOW_ADDRESSES = '127.0.0.1'
  process.env.REFERENCE_DOI_RESOLVER = url('/resolver/')
  process.env.REFERENCE_CHECK_TIMEOUT_MS = '3000'

  ctx = await initPayloadInt()
  payload = ctx.payload
  const person = async (key: string, roles: Array<'writer' | 'reviewer' | 'editor'>) =>
    (
      await payload.create({
        collection: 'users',
        data: {
          email: `references.${key}@causeway.test`,
          name: `References ${key}`,
          password: 'reference-health-password',
          roles,
          credentials: roles.includes('reviewer') ? 'MD' : undefined,
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
  const articles = reviewWorkflow(payload, 'articles', QUIET)
  const newArticle = async (label: string, references: Array<{ title: string; url: string }>, publish = true) => {
    const doc = await payload.create({
      collection: 'articles',
      data: { ...clinicalContent(label), author: staff.writer, references },
      draft: true,
      overrideAccess: true,
      context: QUIET,
    })
    if (publish) await articles.reviewAndPublish(doc.id, staff)
    return doc
  }

  article = await newArticle('references', [
    reference('/ok', 'A working source'),
    reference('/old', 'A source that moved'),
    reference('/missing', 'A source that is gone'),
    { title: 'A source by DOI', url: '10.5555/known' },
    reference('/flaky', 'A source that comes back'),
  ])
  const conditionDraft = await payload.create({
    collection: 'conditions',
    data: {
      name: 'Referenced condition',
      summary: 'A condition with sources.',
      references: [reference('/ok', 'A working source'), reference('/down', 'A source whose site is down')],
    },
    draft: true,
    overrideAccess: true,
    context: QUIET,
  })
  await reviewWorkflow(payload, 'conditions', QUIET).reviewAndPublish(conditionDraft.id, staff)
  condition = { id: conditionDraft.id, name: conditionDraft.name }

  // Published, then a clinical edit adds a source: the new draft is not on the site yet.
  redrafted = await newArticle('redrafted', [reference('/ok', 'A working source')])
  await payload.update({
    collection: 'articles',
    id: redrafted.id,
    draft: true,
    data: { references: [reference('/ok', 'A working source'), reference('/draft-added')] },
    overrideAccess: true,
    context: QUIET,
  })
  // Never published at all.
  draftOnly = await newArticle('draft only', [reference('/draft-only')], false)
  // Published now, unpublished before the second run.
  soonUncited = await newArticle('soon uncited', [reference('/uncited')])
}, 240_000)

afterAll(async () => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key]
    else process.env[key] = savedEnv[key]
  }
  await ctx?.cleanup()
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve))
})

async function rows(): Promise<Map<string, ReferenceCheck>> {
  const { docs } = await payload.find({
    collection: 'reference-checks',
    depth: 0,
    pagination: false,
    overrideAccess: true,
  })
  return new Map(docs.map((row) => [row.reference, row]))
}

/** The dashboard card as `roles` see it, as HTML (null: not shown). */
async function dashboard(roles: string[]) {
  const element = await ReferenceHealth({ payload, user: { id: 1, roles } } as never)
  return element ? renderToStaticMarkup(element) : null
}

/** A run as the job does it, with the clock at `at`. */
const runAt = (at: Date) =>
  checkReferenceHealth(payload, { check: referenceCheckSettings(process.env, 'http://test'), now: () => at })

describe('the checkReferences job', () => {
  it('is scheduled daily, unless REFERENCE_CHECKS=off', () => {
    const task = payload.config.jobs.tasks?.find((candidate) => candidate.slug === REFERENCE_HEALTH_TASK)
    expect(task?.schedule).toEqual([expect.objectContaining({ cron: REFERENCE_HEALTH_CRON, queue: 'default' })])
    expect(referenceHealthTask({ ...process.env, REFERENCE_CHECKS: 'off' }).schedule).toBeUndefined()
  })

  it('before the first run, the dashboard says so', async () => {
    expect(await dashboard(['writer'])).toContain('Not checked yet')
  })

  let firstRun: Date
  it('run from the queue, checks every reference of every published page and stores one row each', async () => {
    firstRun = new Date()
    const job = await payload.jobs.queue({ task: REFERENCE_HEALTH_TASK, input: {} })
    const { jobStatus } = await payload.jobs.run({ where: { id: { equals: job.id } } })
    expect(jobStatus?.[String(job.id)]?.status).toBe('success')

    const stored = await rows()
    expect([...stored.keys()].sort()).toEqual(
      ['/ok', '/old', '/missing', '/flaky', '/down', '/uncited'].map(url).concat('10.5555/known').sort(),
    )
    const ok = stored.get(url('/ok'))!
    expect(ok).toMatchObject({
      result: 'ok',
      httpStatus: 200,
      finalUrl: null,
      failingSince: null,
      title: 'A working source',
    })
    // One row for a source cited by several pages, naming each published one.
    expect([...(ok.articles as number[])].sort()).toEqual([article.id, redrafted.id].sort())
    expect(ok.conditions).toEqual([condition.id])
    expect(stored.get(url('/old'))).toMatchObject({ result: 'moved', httpStatus: 301, finalUrl: url('/new') })
    expect(stored.get(url('/missing'))).toMatchObject({ result: 'broken', httpStatus: 404, articles: [article.id] })
    expect(stored.get(url('/down'))).toMatchObject({
      result: 'unreachable',
      httpStatus: 503,
      conditions: [condition.id],
    })
    expect(stored.get('10.5555/known')).toMatchObject({
      result: 'ok',
      checkedUrl: url('/resolver/10.5555/known'),
      finalUrl: url('/publisher/known'),
    })
    for (const row of stored.values()) {
      expect(Date.parse(row.checkedAt)).toBeGreaterThanOrEqual(firstRun.getTime() - 1000)
      if (row.result === 'ok') expect(row.failingSince).toBeNull()
      else expect(row.failingSince).toBe(row.checkedAt)
    }
  })

  it('never checks a draft: neither a draft-only article nor the newer draft of a published one', async () => {
    expect(asked).not.toContain('/draft-only')
    expect(asked).not.toContain('/draft-added')
    const stored = await rows()
    expect(stored.has(url('/draft-only'))).toBe(false)
    expect(stored.has(url('/draft-added'))).toBe(false)
    // The pages are there: only their drafts cite these.
    expect((await payload.findByID({ collection: 'articles', id: draftOnly.id, draft: true })).references).toHaveLength(
      1,
    )
  })

  let flakySince: string
  it('a second failed check keeps failingSince from the first; an uncited reference loses its row', async () => {
    flakySince = (await rows()).get(url('/flaky'))!.failingSince!
    await reviewWorkflow(payload, 'articles', QUIET).unpublish(staff.editor, soonUncited.id, 'Withdrawn for rewriting.')
    const second = new Date(Date.now() + DAY)
    const summary = await runAt(second)
    expect(summary).toMatchObject({ checked: 6, ok: 2, moved: 1, broken: 2, unreachable: 1, removed: 1 })

    const stored = await rows()
    expect(stored.has(url('/uncited'))).toBe(false)
    expect(stored.get(url('/flaky'))).toMatchObject({
      result: 'broken',
      checkedAt: second.toISOString(),
      failingSince: flakySince,
    })
  })

  it('the dashboard lists broken and moved references, and unreachable ones only after two days', async () => {
    const soon = await referenceHealthReport(payload, { now: new Date(Date.now() + DAY + 60_000) })
    // Broken first, then moved; the unreachable one has failed for one day only.
    expect(soon.problems.map((problem) => problem.result)).toEqual(['broken', 'broken', 'moved'])
    expect(soon.problems.map((problem) => problem.reference).sort()).toEqual(
      [url('/missing'), url('/flaky'), url('/old')].sort(),
    )
    expect(soon).toMatchObject({ totalProblems: 3, checked: 6, recentlyUnreachable: 1 })
    expect(Date.parse(soon.lastCheckedAt!)).toBeGreaterThan(Date.now())
    const missing = soon.problems.find((problem) => problem.reference === url('/missing'))!
    expect(missing).toMatchObject({ result: 'broken', httpStatus: 404, title: 'A source that is gone' })
    expect(missing.citedBy).toEqual([{ collection: 'articles', id: article.id, title: article.question }])
    expect(soon.problems[2]).toMatchObject({ result: 'moved', finalUrl: url('/new') })

    const later = await referenceHealthReport(payload, { now: new Date(Date.now() + 3 * DAY) })
    expect(later.problems.map((problem) => problem.result)).toEqual(['broken', 'broken', 'moved', 'unreachable'])
    expect(later.problems[3]!.reference).toBe(url('/down'))
    expect(later.problems[3]!.citedBy).toEqual([{ collection: 'conditions', id: condition.id, title: condition.name }])
    expect(later.recentlyUnreachable).toBe(0)
  })

  it('a reference that works again is ok, its failingSince cleared, and off the dashboard', async () => {
    flakyStatus = 200
    await runAt(new Date(Date.now() + 2 * DAY))
    expect((await rows()).get(url('/flaky'))).toMatchObject({ result: 'ok', httpStatus: 200, failingSince: null })
    const report = await referenceHealthReport(payload, { now: new Date(Date.now() + 2 * DAY + 60_000) })
    // /down has now failed for more than two days.
    expect(report.problems.map((problem) => problem.reference)).toEqual([url('/missing'), url('/old'), url('/down')])

    // It fails again: a new run of failures, from now.
    flakyStatus = 500
    const again = new Date(Date.now() + 3 * DAY)
    await runAt(again)
    expect((await rows()).get(url('/flaky'))).toMatchObject({
      result: 'unreachable',
      failingSince: again.toISOString(),
    })
  })

  it('the dashboard card shows them to staff, with links to the pages citing them, and to nobody else', async () => {
    const html = (await dashboard(['writer']))!
    expect(html).toContain('Reference health')
    expect(html).toContain('A source that is gone')
    expect(html).toContain(`href="${url('/missing')}"`)
    expect(html).toContain('Broken (404)')
    expect(html).toContain(`now ends at <a href="${url('/new')}"`)
    expect(html).toContain(`href="/admin/collections/articles/${article.id}"`)
    expect(await dashboard(['reviewer'])).toContain('A source that is gone')
    expect(await dashboard([])).toBeNull()
  })

  it('readers cannot read the results', async () => {
    await expect(payload.find({ collection: 'reference-checks', overrideAccess: false })).rejects.toThrow(
      'You are not allowed to perform this action.',
    )
  })

  it('a run whose runner died is marked failed after six hours, so the schedule can queue the next', async () => {
    const job = await payload.jobs.queue({ task: REFERENCE_HEALTH_TASK, input: {} })
    await payload.db.updateOne({ collection: 'payload-jobs', id: job.id, data: { processing: true } })
    expect(await releaseAbandonedChecks(payload, new Date(Date.now() + 60 * 60 * 1000))).toEqual([])
    expect(await releaseAbandonedChecks(payload, new Date(Date.now() + 7 * 60 * 60 * 1000))).toEqual([job.id])
    const stored = await payload.findByID({ collection: 'payload-jobs', id: job.id, depth: 0 })
    expect(stored).toMatchObject({ processing: false, hasError: true })
    await payload.delete({ collection: 'payload-jobs', id: job.id })
  })

  it('with nothing to list, the dashboard says every reference worked when last checked', async () => {
    await reviewWorkflow(payload, 'articles', QUIET).unpublish(staff.editor, article.id, 'Sources to be replaced.')
    await reviewWorkflow(payload, 'conditions', QUIET).unpublish(staff.editor, condition.id, 'Sources to be replaced.')
    const at = new Date(Date.now() + 4 * DAY)
    expect(await runAt(at)).toMatchObject({ checked: 1, ok: 1, removed: 5 })
    const html = (await dashboard(['editor']))!
    expect(html).toContain('All 1 reference on published pages worked when last checked')
    expect(html).not.toContain('Cited by')
  })

  it('two runs at once (a run by hand during the nightly one) still leave one row per reference', async () => {
    await payload.delete({ collection: 'reference-checks', where: { id: { exists: true } }, overrideAccess: true })
    await reviewWorkflow(payload, 'conditions', QUIET).publish(staff.editor, condition.id)
    const at = new Date(Date.now() + 5 * DAY)
    const [one, two] = await Promise.all([runAt(at), runAt(at)])
    expect(one.checked).toBe(2)
    expect(two.checked).toBe(2)
    const stored = await rows()
    expect([...stored.keys()].sort()).toEqual([url('/ok'), url('/down')].sort())
    expect((await payload.count({ collection: 'reference-checks', overrideAccess: true })).totalDocs).toBe(2)
  })

  it('a result the database refuses is logged and counted; the other references are stored all the same', async () => {
    await payload.delete({ collection: 'reference-checks', where: { id: { exists: true } }, overrideAccess: true })
    const create = payload.create.bind(payload)
    const refuse = vi.spyOn(payload, 'create').mockImplementation(((options: Parameters<typeof create>[0]) => {
      const data = options.data as { reference?: string }
      if (options.collection === 'reference-checks' && data.reference === url('/down')) {
        return Promise.reject(new Error('value too long for index row'))
      }
      return create(options)
    }) as typeof payload.create)
    const logged = vi.spyOn(payload.logger, 'error').mockImplementation(() => undefined)
    try {
      const summary = await runAt(new Date(Date.now() + 6 * DAY))
      expect(summary).toMatchObject({ checked: 1, failed: 1 })
      expect(logged).toHaveBeenCalledWith(
        expect.objectContaining({ reference: url('/down') }),
        'Reference health: could not store a result.',
      )
    } finally {
      refuse.mockRestore()
      logged.mockRestore()
    }
    expect([...(await rows()).keys()]).toEqual([url('/ok')])
  })
})
