/**
 * `POST /feedback` (app/(site)/feedback/route.ts): takes a reader's "Was this page helpful?" vote
 * or problem report from the plain HTML form under every article (components/FeedbackForm.tsx),
 * and stores it in the editors' queue (collection `feedback`). A function of a Payload instance
 * and a `Request`, so tests call it as the route does.
 *
 * In order, and what the reader gets:
 *
 * 1. From another site (Origin, Sec-Fetch-Site: ./origin.ts) → 403, nothing read.
 * 2. Not a form, or a body over FEEDBACK_BODY_MAX_BYTES → 415 / 413, nothing read past the limit.
 * 3. No known kind or no article id → 400.
 * 4. The article is not published (read as an anonymous visitor) → 404, their text to copy.
 * 5. The honeypot is filled → the same 303 as a stored submission, and nothing stored.
 * 6. No message for a problem, over 2000 characters, more than MAX_LINKS links, or a version that
 *    is not a published version of the article → 422, the form again with their text.
 * 7. Under one PostgreSQL advisory lock per client key (so the count holds across instances and
 *    concurrent posts): the same submission in the last 10 minutes → 303, stored once; over a
 *    rate limit (./rateLimit.ts) → 429 with Retry-After, the form again with their text.
 * 8. Stored, with the article, the version read and the client key → 303 to /feedback/thanks
 *    (Post/Redirect/Get: reloading the thank-you page sends nothing again).
 *
 * Nothing here is cached: a POST is never stored by Next.js nor the edge (edge/causeway.vcl passes
 * every method but GET and HEAD). Every answer asks for `no-store`, which reaches the browser only
 * where next.config's reader-page Cache-Control (lib/cache/readerCacheControl.mjs) leaves the path
 * out: a header set there wins over a route handler's own.
 */
import { sql } from '@payloadcms/db-postgres'
import { commitTransaction, createLocalReq, initTransaction, killTransaction, type Payload } from 'payload'

import { formatDateTime } from '@/plugins/common/formatDate'
import { sqlFor } from '@/plugins/common/sql'
import { payloadSecret, serverUrl } from '@/lib/runtimeConfig'
import { formatBytes } from '@/lib/security/bodyLimits.mjs'
import { readAtMost } from '@/lib/security/requestGuard'

import { clientAddress, clientKey, DEFAULT_TRUSTED_PROXY_HOPS, trustedProxyHops } from './client'
import { FEEDBACK_MESSAGE_MAX, MAX_LINKS, THANKS_PATH } from './form'
import { html } from './html'
import { checkOrigin } from './origin'
import { type FormState, refusalResponse } from './page'
import { forgetFeedbackClients } from './forgetClients'
import { DUPLICATE_WINDOW_MS, LONGEST_WINDOW_MS, rateVerdict, SITE_LIMIT, siteVerdict } from './rateLimit'
import { contentProblem, isVersionId, readSubmission, type Submission, summarise } from './submission'

/**
 * The largest body read. A full message is 2000 characters; URL-encoded, one character can take
 * 9 bytes (three UTF-8 bytes, each `%XX`), so 2000 of them and the other fields fit in 32 KB. A
 * message a few times too long still arrives whole and is shown back to its writer.
 */
export const FEEDBACK_BODY_MAX_BYTES = 32 * 1024

/** `pg_advisory_xact_lock(class, key)`: the class of the feedback route's per-client locks ("fbk1"). */
const LOCK_CLASS = 0x66626b31

export interface FeedbackOptions {
  env?: NodeJS.ProcessEnv
  now?: () => Date
}

type Article = { id: number; slug: string; question: string }

const NO_STORE = { 'cache-control': 'no-store' }
const HOME = { href: '/', label: 'Go to the home page' }
const articleLink = (article: Article) => ({
  href: `/articles/${article.slug}`,
  label: `Back to “${article.question}”`,
})

let reportedHops = false

function hopsFrom(payload: Payload, env: NodeJS.ProcessEnv): number {
  try {
    return trustedProxyHops(env)
  } catch (error) {
    if (!reportedHops) {
      reportedHops = true
      payload.logger.error(`${(error as Error).message} Using ${DEFAULT_TRUSTED_PROXY_HOPS} until it is fixed.`)
    }
    return DEFAULT_TRUSTED_PROXY_HOPS
  }
}

export async function handleFeedback(
  payload: Payload,
  request: Request,
  { env = process.env, now = () => new Date() }: FeedbackOptions = {},
): Promise<Response> {
  // 1. Only our own pages.
  const site = serverUrl(env)
  const origin = checkOrigin(request.headers, site)
  if (!origin.ok) {
    return refusalResponse({
      status: 403,
      title: 'Your report was not sent',
      explanation: [
        `It was sent from another website (${origin.from}), and Causeway takes reports only from its own pages.`,
        html`If you were reading a Causeway article, open it at <a href="${site}">${new URL(site).host}</a> and use the
          form at the bottom of the article.`,
      ],
      back: HOME,
    })
  }

  // 2. A small form, read no further than its limit.
  const contentType = request.headers.get('content-type') ?? ''
  const type = contentType.toLowerCase()
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    return refusalResponse({
      status: 415,
      title: 'Your report could not be read',
      explanation: ['It did not arrive as a form. Go back to the article and send it from the form there.'],
      back: HOME,
    })
  }
  const tooLarge = () =>
    refusalResponse({
      status: 413,
      title: 'Your report is too long to send',
      explanation: [
        `It is far over the limit of ${FEEDBACK_MESSAGE_MAX} characters (more than ${formatBytes(FEEDBACK_BODY_MAX_BYTES)}), so it was not read.`,
        `Use your browser’s Back button to return to your text, shorten it to ${FEEDBACK_MESSAGE_MAX} characters, and send it again.`,
      ],
      back: HOME,
    })
  const declared = request.headers.get('content-length')
  if (declared && /^\d+$/.test(declared.trim()) && Number(declared) > FEEDBACK_BODY_MAX_BYTES) return tooLarge()
  const bytes = request.body ? await readAtMost(request.body, FEEDBACK_BODY_MAX_BYTES) : new Uint8Array(0)
  if (!bytes) return tooLarge()
  let form: FormData
  try {
    // As sent: a multipart boundary is case-sensitive.
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData()
  } catch {
    form = new FormData()
  }

  // 3. Our form's fields.
  const read = readSubmission(form)
  if (!read.ok) {
    return refusalResponse({
      status: 400,
      title: 'Your report could not be read',
      explanation: [
        'It did not say which article it is about, or what kind of feedback it is. Go back to the article, reload it, and use the form at the bottom of the page.',
      ],
      copy: read.draft.message || undefined,
      back: HOME,
    })
  }
  const { submission, draft } = read

  // 4. A published article, as readers see it.
  const article = await publishedArticle(payload, submission.articleId)
  if (!article) {
    return refusalResponse({
      status: 404,
      title: 'This article cannot take reports',
      explanation: ['The article is not published (it may have been withdrawn), so there is nothing to report on.'],
      copy: draft.message || undefined,
      back: HOME,
    })
  }
  const thanks = () =>
    new Response(null, {
      status: 303,
      headers: {
        location: `${THANKS_PATH}?${new URLSearchParams({ article: article.slug, kind: submission.kind })}`,
        ...NO_STORE,
      },
    })

  // 5. A bot: answered as if taken.
  if (submission.trapped) {
    payload.logger.info({ msg: 'Feedback honeypot filled in: answered as taken, not stored.', article: article.id })
    return thanks()
  }

  // 6. What they wrote, and which version they read.
  const again = async (invalid: boolean): Promise<FormState> => ({
    articleId: article.id,
    version:
      submission.version && (await isVersionOf(payload, article.id, submission.version))
        ? submission.version
        : await liveVersion(payload, article.id),
    kind: draft.kind,
    message: draft.message,
    messageInvalid: invalid,
  })
  const problem = contentProblem(submission)
  if (problem) {
    return refusalResponse({
      status: 422,
      title:
        problem.code === 'message-required'
          ? 'Please describe the problem'
          : 'Your report needs a change before it can be sent',
      explanation: [
        problem.code === 'message-required'
          ? 'Write what is wrong, unclear or missing in the box below, then send the report.'
          : problem.code === 'message-too-long'
            ? `Your report is ${problem.length} characters long; the limit is ${FEEDBACK_MESSAGE_MAX}. Shorten it by ${problem.length - FEEDBACK_MESSAGE_MAX} characters and send it again: your text is below.`
            : `Your report contains ${problem.links} links; a report may contain at most ${MAX_LINKS}. Remove ${problem.links - MAX_LINKS} of them (you can name the source instead) and send it again: your text is below.`,
      ],
      form: await again(true),
      back: articleLink(article),
    })
  }
  if (submission.version && !(await isVersionOf(payload, article.id, submission.version))) {
    return refusalResponse({
      status: 422,
      title: 'This page was out of date',
      explanation: [
        'Your report names a version of the article that was never published. Check your text below and send it again: it will be filed against the version published now.',
      ],
      form: await again(false),
      back: articleLink(article),
    })
  }

  // 7 and 8. Counted and stored under the client's lock.
  const key = clientKey(clientAddress(request.headers, hopsFrom(payload, env)), payloadSecret(env))
  const outcome = await store(payload, submission, key, now())
  if (outcome.stored || outcome.duplicate) return thanks()
  const { verdict } = outcome
  return refusalResponse({
    status: 429,
    title: 'Please wait before sending more',
    explanation: [
      verdict.limit.key === 'site'
        ? 'Your report was not sent: we are receiving unusually many reports from all readers right now, and take no more for a short while to keep the editors’ queue free of spam.'
        : `Your report was not sent: to keep the editors’ queue free of spam, each connection may send ${verdict.limit.describe}, and this one has.`,
      `You can send it again ${inAbout(verdict.retryAfterSeconds)}, after ${formatDateTime(verdict.retryAt.toISOString())}. Keep this page open: your text is below.`,
    ],
    form: await again(false),
    back: articleLink(article),
    headers: { 'retry-after': String(verdict.retryAfterSeconds) },
  })
}

/** "in about 7 minutes", "in about 3 hours", "in a minute". */
function inAbout(seconds: number): string {
  const minutes = Math.ceil(seconds / 60)
  if (minutes <= 1) return 'in a minute'
  if (minutes < 90) return `in about ${minutes} minutes`
  return `in about ${Math.round(minutes / 60)} hours`
}

/** The article as an anonymous visitor may read it: published, or null. */
async function publishedArticle(payload: Payload, id: number): Promise<Article | null> {
  const { docs } = await payload.find({
    collection: 'articles',
    where: { id: { equals: id } },
    select: { slug: true, question: true },
    depth: 0,
    limit: 1,
    pagination: false,
    draft: false,
    overrideAccess: false,
  })
  const doc = docs[0]
  return doc?.slug ? { id: doc.id, slug: doc.slug, question: doc.question } : null
}

const publishRecordsOf = (articleId: number) => ({
  subjectCollection: { equals: 'articles' },
  subjectId: { equals: String(articleId) },
  action: { equals: 'publish' },
})

/** Whether `version` is a version of the article that was published (its publication record says so). */
async function isVersionOf(payload: Payload, articleId: number, version: string): Promise<boolean> {
  if (!isVersionId(version)) return false
  const { totalDocs } = await payload.count({
    collection: 'publications',
    where: { ...publishRecordsOf(articleId), versionId: { equals: version } },
    overrideAccess: true,
  })
  return totalDocs > 0
}

/** The version readers get now: the newest publish's. */
async function liveVersion(payload: Payload, articleId: number): Promise<string | null> {
  const { docs } = await payload.find({
    collection: 'publications',
    where: publishRecordsOf(articleId),
    sort: '-at',
    select: { versionId: true },
    depth: 0,
    limit: 1,
    pagination: false,
    overrideAccess: true,
  })
  return docs[0]?.versionId ?? null
}

type StoreOutcome =
  | { stored: true; duplicate?: false }
  | { stored: false; duplicate: true }
  | { stored: false; duplicate: false; verdict: Extract<ReturnType<typeof rateVerdict>, { ok: false }> }

/**
 * Dedupes, counts and stores in one transaction holding the client's advisory lock: two posts from
 * one client, on any two instances, are counted one after the other, so the limit is exact.
 */
async function store(payload: Payload, submission: Submission, client: string, now: Date): Promise<StoreOutcome> {
  const req = await createLocalReq({}, payload)
  const owns = await initTransaction(req)
  try {
    const { db, inTransaction } = await sqlFor(payload, req)
    if (inTransaction) {
      const lockKey = Buffer.from(client, 'base64url').readInt32BE(0)
      await db.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_CLASS}, ${lockKey})`)
    }
    const since = (ms: number) => new Date(now.getTime() - ms).toISOString()
    const duplicates = await payload.count({
      collection: 'feedback',
      where: {
        client: { equals: client },
        article: { equals: submission.articleId },
        kind: { equals: submission.kind },
        message: submission.message ? { equals: submission.message } : { exists: false },
        createdAt: { greater_than: since(DUPLICATE_WINDOW_MS) },
      },
      overrideAccess: true,
      req,
    })
    let outcome: StoreOutcome
    if (duplicates.totalDocs > 0) outcome = { stored: false, duplicate: true }
    else {
      const { docs: earlier } = await payload.find({
        collection: 'feedback',
        where: { client: { equals: client }, createdAt: { greater_than: since(LONGEST_WINDOW_MS) } },
        select: { createdAt: true },
        sort: '-createdAt',
        depth: 0,
        limit: 1000,
        pagination: false,
        overrideAccess: true,
        req,
      })
      let verdict = rateVerdict(
        earlier.map((doc) => new Date(doc.createdAt)),
        now,
      )
      if (verdict.ok) {
        const site = await payload.count({
          collection: 'feedback',
          where: { createdAt: { greater_than: since(SITE_LIMIT.windowMs) } },
          overrideAccess: true,
          req,
        })
        verdict = siteVerdict(site.totalDocs, now)
      }
      if (!verdict.ok) outcome = { stored: false, duplicate: false, verdict }
      else {
        await payload.create({
          collection: 'feedback',
          data: {
            status: 'new',
            kind: submission.kind,
            summary: summarise(submission.kind, submission.message),
            message: submission.message,
            article: submission.articleId,
            articleVersion: submission.version,
            client,
          },
          overrideAccess: true,
          req,
        })
        // The client key is needed only while a window can count it: erased after that.
        await forgetFeedbackClients(payload, now, req)
        outcome = { stored: true }
      }
    }
    if (owns) await commitTransaction(req)
    return outcome
  } catch (error) {
    if (owns) await killTransaction(req)
    throw error
  }
}
