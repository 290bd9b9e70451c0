/**
 * REST calls to a production server a browser test started itself (its own base URL), as the
 * demo staff: log in, and call the API failing the test with Payload's own message.
 */
import { paragraphs } from '@/lib/richText/paragraphs'
import { SIGNATURE_MEANINGS } from '@/plugins/medicalReview'
import { DEMO_PASSWORD } from '@/seed/demoAccounts'
import { DEMO_PEOPLE } from '@/seed/demoContent'

import { expect } from './fixtures'

export type StaffRole = 'writer' | 'reviewer' | 'editor'

/** The demo account holding `role`. */
export function demoPerson(role: StaffRole): { email: string; password: string } {
  const found = DEMO_PEOPLE.find((candidate) => candidate.roles.includes(role))!
  return { email: found.email, password: DEMO_PASSWORD }
}

export async function login(
  baseURL: string,
  who: { email: string; password: string },
): Promise<{ token: string; user: { id: number } }> {
  const response = await fetch(new URL('/api/users/login', baseURL), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  })
  expect(response.status, `login ${who.email}`).toBe(200)
  return (await response.json()) as { token: string; user: { id: number } }
}

/** A REST call as `token`; fails the test with Payload's message unless it answers 2xx. */
export async function api<T = Record<string, unknown>>(
  baseURL: string,
  method: string,
  pathname: string,
  token: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(new URL(`/api${pathname}`, baseURL), {
    method,
    headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  expect(response.ok, `${method} ${pathname} on ${baseURL}: ${response.status} ${text}`).toBe(true)
  return JSON.parse(text) as T
}

/** The three demo staff logged in on `baseURL`: their tokens and the reviewer's id. */
export async function staffSessions(baseURL: string) {
  const [writer, reviewer, editor] = [
    await login(baseURL, demoPerson('writer')),
    await login(baseURL, demoPerson('reviewer')),
    await login(baseURL, demoPerson('editor')),
  ]
  return {
    tokens: { writer: writer.token, reviewer: reviewer.token, editor: editor.token },
    reviewerId: reviewer.user.id,
  }
}

/** Submits draft `id` (by the writer) and approves it (by the reviewer, signing with her password). */
export async function submitAndApprove(
  baseURL: string,
  staff: Awaited<ReturnType<typeof staffSessions>>,
  id: number,
  changeNote: string,
) {
  await api(baseURL, 'POST', `/articles/${id}/submit`, staff.tokens.writer, { changeNote, reviewer: staff.reviewerId })
  await api(baseURL, 'POST', `/articles/${id}/sign-off`, staff.tokens.reviewer, {
    decision: 'approve',
    comments: 'Accurate.',
    signature: { meaning: SIGNATURE_MEANINGS.approve, password: demoPerson('reviewer').password },
  })
}

/** A new draft article by the writer, with two causes: its id. */
export async function draftArticle(
  baseURL: string,
  staff: Awaited<ReturnType<typeof staffSessions>>,
  { question, intro, summary }: { question: string; intro: string; summary: string },
): Promise<number> {
  const { doc } = await api<{ doc: { id: number } }>(baseURL, 'POST', '/articles?draft=true', staff.tokens.writer, {
    question,
    summary,
    intro: paragraphs(intro),
    causes: [
      { heading: 'First cause', explanation: paragraphs('What the first cause is.') },
      { heading: 'Second cause', explanation: paragraphs('What the second cause is.') },
    ],
    whenToSeekCare: paragraphs('See a clinician if it gets worse.'),
  })
  return doc.id
}
