/**
 * Several runners share one job queue in one database — every instance's autoRun, and any
 * `npm run payload -- jobs:run` — and each job still runs once (lib/jobs/claim.ts): two
 * `payload.jobs.run()` loops in this process and a third in a Payload process of its own
 * (tests/helpers/runJobsProcess.ts) run the same scheduled publishes, lined up so that their first
 * claims reach PostgreSQL together. And a scheduled publish is itself idempotent: run twice, it
 * writes one publication record (plugins/medicalReview/jobs/scheduledPublishing.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

import pg from 'pg'
import { createLocalReq, type Payload, type TaskHandler } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { reviewWorkflow } from '@/plugins/medicalReview/actAs'
import { SCHEDULED_PUBLISHING_TASK } from '@/plugins/medicalReview/jobs/scheduledPublishing'
import { bin } from '@/tooling/next'
import { projectRoot } from '@/tooling/paths'
import { stopProcessTree } from '@/tooling/server'

import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { drainQueue, type RunnerReport } from '../helpers/jobRunner'
import { licenceFor } from '../helpers/licence'
import { isPublished, QUIET, reviewFixtures } from '../helpers/reviewFixtures'

let ctx: PayloadIntContext
let payload: Payload
let fixtures: ReturnType<typeof reviewFixtures>
const people = {} as Record<'writer' | 'reviewer' | 'editor', number>

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  const person = async (key: keyof typeof people, name: string, roles: string[], credentials?: string) => {
    const doc = await payload.create({
      collection: 'users',
      data: {
        email: `jobs.${key}@causeway.test`,
        name,
        password: 'jobs-once-password',
        roles: roles as never,
        credentials,
        licence: licenceFor(roles, credentials),
      },
      context: QUIET,
    })
    people[key] = doc.id
  }
  await person('writer', 'Jo Writer', ['writer'])
  await person('reviewer', 'Dr Jay Reviewer', ['reviewer'], 'MD')
  await person('editor', 'Jem Editor', ['editor'])
  fixtures = reviewFixtures(payload, people)
})

afterAll(async () => {
  await ctx?.cleanup()
})

const review = () => reviewWorkflow(payload, 'articles', QUIET)

/** Scheduled for half a minute ago (as if set well ahead of time): due now. */
async function schedulePublish(id: number) {
  const at = new Date(Date.now() - 30_000).toISOString()
  return review().schedule(people.editor, id, { action: 'publish', at }, new Date(Date.now() - 120_000))
}

/** What a publish leaves on record for article `id`. */
async function recordOf(id: number) {
  const subject = { subjectCollection: { equals: 'articles' }, subjectId: { equals: String(id) } }
  const publications = await payload.find({
    collection: 'publications',
    where: subject,
    sort: 'id',
    depth: 0,
    pagination: false,
  })
  const events = await payload.find({
    collection: 'review-events',
    where: { and: [subject, { event: { equals: 'published' } }] },
    depth: 0,
    pagination: false,
  })
  const publishedVersions = await payload.countVersions({
    collection: 'articles',
    where: { and: [{ parent: { equals: id } }, { 'version._status': { equals: 'published' } }] },
  })
  const ledger = await payload.count({ collection: 'reviews', where: subject })
  return {
    live: await isPublished(payload, id),
    publications: publications.docs.map((doc) => doc.action),
    publishedEvents: events.totalDocs,
    publishedVersions: publishedVersions.totalDocs,
    ledgerEntries: ledger.totalDocs,
  }
}

/** A runner in a Payload process of its own, on this file's database; `report` once it is done. */
function runnerProcess(): { child: ChildProcess; ready: () => boolean; report: Promise<RunnerReport> } {
  const child = spawn(bin('tsx'), [path.join(projectRoot, 'tests', 'helpers', 'runJobsProcess.ts')], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NO_COLOR: '1',
      NODE_ENV: 'test',
      DATABASE_URL: ctx.databaseUrl,
      PAYLOAD_SECRET: process.env.PAYLOAD_SECRET,
      MEDIA_DIR: process.env.MEDIA_DIR,
      JOBS_AUTORUN: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk))
  const lines = () =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { ready?: boolean; report?: RunnerReport })
  const report = new Promise<RunnerReport>((resolve, reject) =>
    child.on('exit', (code) => {
      const found = lines().find((line) => line.report)?.report
      if (code === 0 && found) resolve(found)
      else reject(new Error(`The runner process exited with ${code}:\n${(stdout + stderr).slice(-3000)}`))
    }),
  )
  // Awaited by the test; until then a failed run must not count as an unhandled rejection.
  report.catch(() => undefined)
  return { child, ready: () => lines().some((line) => line.ready), report }
}

/** Polls until `condition` holds; a generous bound that only turns a hang into a failure. */
async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('several job runners on one queue', () => {
  it('run each scheduled publish exactly once: one claim, one publish, one record per article', async () => {
    // Ready to publish as signed; half of them with a newer draft kept after the sign-off, the
    // case in which running the same publish again would publish the signed version a second time.
    const articles = []
    for (let index = 0; index < 6; index++) {
      articles.push(
        index % 2 ? await fixtures.states.stale(`jobs-once-${index}`) : await fixtures.signed(`jobs-once-${index}`),
      )
    }
    const jobs = []
    for (const article of articles) jobs.push(await schedulePublish(article.id))
    const ledgerBefore = await Promise.all(articles.map(async (article) => (await recordOf(article.id)).ledgerEntries))

    // Line the runners up: while this transaction holds the jobs table, each runner's first claim
    // gets as far as its UPDATE and waits there, so all three claim the same (oldest) job at once.
    const barrier = new pg.Client({ connectionString: ctx.databaseUrl })
    await barrier.connect()
    let other: ReturnType<typeof runnerProcess> | undefined
    let inProcess: Promise<RunnerReport[]> | undefined
    try {
      await barrier.query('BEGIN')
      await barrier.query('LOCK TABLE payload_jobs IN EXCLUSIVE MODE')
      const runner = (other = runnerProcess())
      inProcess = Promise.all([drainQueue(payload), drainQueue(payload)])
      await until('all three runners wait to claim a job', async () => {
        if (!runner.ready()) return false
        const { rows } = await barrier.query<{ n: number }>(
          `SELECT count(DISTINCT l.pid)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
            WHERE c.relname = 'payload_jobs' AND NOT l.granted
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        )
        return rows[0]!.n >= 3
      })
      await barrier.query('COMMIT')

      const reports = [...(await inProcess), await runner.report]
      expect(reports.map((report) => report.errors)).toEqual([[], [], []])
      // Every job was run by exactly one runner, and succeeded.
      const ran = reports.flatMap((report) => report.ran)
      expect(ran.map(([id]) => id).sort()).toEqual(jobs.map((job) => String(job.id)).sort())
      expect(ran.every(([, status]) => status === 'success')).toBe(true)
    } finally {
      await barrier.query('ROLLBACK').catch(() => undefined)
      await barrier.end().catch(() => undefined)
      await inProcess?.catch(() => undefined)
      await stopProcessTree(other?.child, 1_000)
    }

    for (const [index, article] of articles.entries()) {
      expect(await recordOf(article.id)).toEqual({
        live: true,
        publications: ['publish'],
        publishedEvents: 1,
        publishedVersions: 1,
        ledgerEntries: ledgerBefore[index],
      })
    }
    // Each job completed once: a completed job is deleted, and none failed.
    const left = await payload.find({
      collection: 'payload-jobs',
      where: { id: { in: jobs.map((job) => job.id) } },
      depth: 0,
      pagination: false,
    })
    expect(left.docs).toEqual([])
    expect((await payload.count({ collection: 'payload-jobs', where: { hasError: { equals: true } } })).totalDocs).toBe(
      0,
    )
  }, 180_000)

  it('refuse to run one job by id (Payload would leave it stuck as processing), changing nothing', async () => {
    const article = await fixtures.signed('jobs-by-id')
    const job = await schedulePublish(article.id)
    await expect(payload.jobs.runByID({ id: job.id, silent: true })).rejects.toThrow(
      /Run it from the queue instead: payload\.jobs\.run\(\{ where: \{ id: \{ equals: /,
    )
    const stored = await payload.findByID({ collection: 'payload-jobs', id: job.id, depth: 0 })
    expect([stored.processing, stored.completedAt ?? null, stored.hasError ?? false]).toEqual([false, null, false])
    await payload.jobs.run({ where: { id: { equals: job.id } }, silent: true })
    expect(await recordOf(article.id)).toEqual(expect.objectContaining({ live: true, publications: ['publish'] }))
  })
})

describe('a scheduled publish', () => {
  it('run twice at once — or again afterwards — publishes once and records it once', async () => {
    // A newer draft after the sign-off: a second publish would find a draft and publish again.
    const article = await fixtures.states.stale('jobs-twice')
    const scheduled = await schedulePublish(article.id)
    const job = await payload.findByID({ collection: 'payload-jobs', id: scheduled.id, depth: 0 })
    const task = payload.config.jobs.tasks?.find((candidate) => candidate.slug === SCHEDULED_PUBLISHING_TASK)
    const handler = task!.handler as TaskHandler<never>
    const run = async () =>
      (await handler({
        input: job.input as never,
        job: job as never,
        req: await createLocalReq({}, payload),
        inlineTask: undefined as never,
        tasks: undefined as never,
      })) as { output: { stage: string } }

    const outcomes = await Promise.all([run(), run()])
    expect(outcomes.map(({ output }) => output.stage).sort()).toEqual(['already-done', 'published'])
    expect((await run()).output.stage).toBe('already-done')

    expect(await recordOf(article.id)).toEqual(
      expect.objectContaining({ live: true, publications: ['publish'], publishedEvents: 1, publishedVersions: 1 }),
    )
    // The newer draft is still the working copy.
    const working = await payload.findByID({ collection: 'articles', id: article.id, draft: true, depth: 0 })
    expect(working._status).toBe('draft')
    // Marked done in the step's transaction: no runner will claim it again.
    const stored = await payload.findByID({ collection: 'payload-jobs', id: scheduled.id, depth: 0 })
    expect(stored.completedAt).toBeTruthy()
    await payload.delete({ collection: 'payload-jobs', id: scheduled.id })
  })
})
