import type { PayloadRequest } from 'payload'

import { formatDate } from '@/plugins/common/formatDate'

import { lockDocumentRow } from '../concurrency'
import { pendingNotificationsOf } from '../events'
import { NOTIFICATIONS_SLUG } from '../resolveOptions'
import { loadPerson, peopleWho } from '../people'
import { inTransaction } from '../transaction'
import type { MedicalReviewAccess, ReviewerRegistry } from '../types'

const DAY = 24 * 60 * 60 * 1000

/** How far ahead a reviewer hears that their registration expires. */
export const CREDENTIAL_WARNING_DAYS = 30

/** Where a reviewer reads their own registration (and asks an admin to record the renewal). */
export const ACCOUNT_URL = '/admin/account'

const dayOf = (date: Date) => date.toISOString().slice(0, 10)

/**
 * Warns every reviewer whose registration expires within the next 30 days (today included, not
 * already past): one notification (listed in the admin, e-mailed after the job commits) per
 * expiry date, so running it daily warns nobody twice — nor two runs at once: each person's warning
 * is decided again under their row lock, in the transaction that records it — and a renewal with
 * a new date that expires in turn is warned of again. The registry answers everything about a reviewer's registration
 * (`expiresOn`, `expiryWarnedFor`, `markExpiryWarned`); a registry without them warns nobody.
 *
 * Who is a reviewer is the host's answer too: anyone who may sign off a reviewable collection.
 * Returns who was warned.
 */
export async function warnExpiringCredentials(
  req: PayloadRequest,
  settings: { access: MedicalReviewAccess; registry: ReviewerRegistry; collections: readonly string[] },
  now = new Date(),
): Promise<Array<{ id: number | string; name: string; expiresOn: string }>> {
  const { access, registry, collections } = settings
  const { expiresOn: expiryOf, expiryWarnedFor, markExpiryWarned } = registry
  if (!expiryOf || !expiryWarnedFor || !markExpiryWarned || !collections.length) return []
  const today = dayOf(now)
  const horizon = dayOf(new Date(now.getTime() + CREDENTIAL_WARNING_DAYS * DAY))
  const reviewers = await peopleWho(req, (person) => collections.some((slug) => access.maySignOff(slug, person)))
  const warned: Array<{ id: number | string; name: string; expiresOn: string }> = []
  for (const person of reviewers) {
    const expiresOn = expiryOf(person)
    if (!expiresOn || expiresOn <= today || expiresOn > horizon) continue
    if (expiryWarnedFor(person) === expiresOn) continue
    const registration =
      registry.registrationOf?.(person) ?? `${registry.credentialsOf(person) ?? 'clinical'} registration`
    // The notice and the record that it was given are written together, or not at all; and only
    // if, read again under the person's row lock, no other run has just given it.
    const given = await inTransaction(req, async () => {
      await lockDocumentRow(req, 'users', person.id)
      const current = await loadPerson(req, person.id)
      if (!current || expiryOf(current) !== expiresOn || expiryWarnedFor(current) === expiresOn) return false
      const row = await req.payload.create({
        collection: NOTIFICATIONS_SLUG as 'notifications',
        data: {
          recipient: person.id as number,
          kind: 'credentials-expiring',
          message: `Your ${registration} expires on ${formatDate(expiresOn)}: ask an admin to record the renewal`,
          url: ACCOUNT_URL,
          email: { state: 'pending', attempts: 0 },
        },
        overrideAccess: true,
        req,
      })
      pendingNotificationsOf(req).push(row.id as number)
      await markExpiryWarned(req, current, expiresOn)
      return true
    })
    if (!given) continue
    warned.push({ id: person.id, name: String(person.name ?? ''), expiresOn })
  }
  return warned
}
