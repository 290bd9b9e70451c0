import { Refusal } from '@/lib/refusal'

import type { MediaUse } from './mediaUsage'

/** The uses a refusal names: each document once, however many fields or ledger entries hold the image. */
export interface UsedBy {
  as: MediaUse['as']
  collection: string
  id: string
  title: string | null
  fields: string[]
  /** For a sign-off: the ledger entries that hold the image. */
  entries?: number[]
}

export function summariseUses(uses: readonly MediaUse[]): UsedBy[] {
  const byDocument = new Map<string, UsedBy>()
  for (const use of uses) {
    const key = `${use.as}:${use.collection}:${use.id}`
    const entry = byDocument.get(key) ?? {
      as: use.as,
      collection: use.collection,
      id: use.id,
      title: use.title,
      fields: [],
    }
    if (use.as === 'sign-off') {
      if (use.entry !== null && !entry.entries?.includes(use.entry))
        entry.entries = [...(entry.entries ?? []), use.entry]
    } else if (!entry.fields.includes(use.field)) {
      entry.fields.push(use.field)
    }
    byDocument.set(key, entry)
  }
  return [...byDocument.values()]
}

const MAX_TITLES = 3

/** (“A”, “B” and 2 more) */
function titles(list: readonly UsedBy[]): string {
  const named = [...new Set(list.map((use) => `“${use.title || `${use.collection} ${use.id}`}”`))]
  const shown = named.slice(0, MAX_TITLES).join(', ')
  return named.length > MAX_TITLES ? `(${shown} and ${named.length - MAX_TITLES} more)` : `(${shown})`
}

const WHERE: Record<string, string> = { articles: 'the article', conditions: 'the condition', users: 'the profile' }

/** "in the article", "in the condition", or "where it is used" when several kinds of place hold it. */
function wherePhrase(list: readonly UsedBy[]): string {
  const kinds = [...new Set(list.map((use) => use.collection))]
  return kinds.length === 1 && WHERE[kinds[0]!] ? `in ${WHERE[kinds[0]!]}` : 'where it is used'
}

function split(uses: readonly UsedBy[]) {
  return {
    pages: uses.filter((use) => use.as === 'published-page'),
    profiles: uses.filter((use) => use.as === 'public-profile'),
    signOffs: uses.filter((use) => use.as === 'sign-off'),
  }
}

/** "shown on published pages (“A”) and is part of a clinical sign-off (“A”)" */
export function describeUses(uses: readonly UsedBy[]): string {
  const { pages, profiles, signOffs } = split(uses)
  const shown: string[] = []
  if (pages.length) shown.push(`on published pages ${titles(pages)}`)
  if (profiles.length)
    shown.push(`on the public profile of ${profiles.map((use) => use.title || `user ${use.id}`).join(', ')}`)
  const parts: string[] = []
  if (shown.length) parts.push(`shown ${shown.join(' and ')}`)
  if (signOffs.length)
    parts.push(`part of ${signOffs.length === 1 ? 'a clinical sign-off' : 'clinical sign-offs'} ${titles(signOffs)}`)
  return parts.join(' and is ')
}

/**
 * The message for a refused change or delete of media in use, naming where it is used and what to
 * do instead.
 */
export function mediaInUseMessage(uses: readonly UsedBy[], action: 'change' | 'delete'): string {
  const { pages, profiles, signOffs } = split(uses)
  const shown = [...pages, ...profiles]
  const what = `This image is ${describeUses(uses)}`

  if (action === 'change') {
    const consequence = signOffs.length
      ? shown.length
        ? 'readers would see an unreviewed change'
        : 'the sign-off would no longer show what the clinician reviewed'
      : 'readers would see the change at once'
    const review = signOffs.length ? ' (a new image in signed content needs a new review)' : ''
    return `${what}, so it can no longer change: ${consequence}. Upload a new image and choose it ${wherePhrase(uses)} instead${review}.`
  }
  if (signOffs.length) {
    return `${what}, so it cannot be deleted: the sign-off ledger keeps every image a clinician reviewed, for good.${
      shown.length
        ? ` To stop showing it, choose another image ${wherePhrase(shown)} (a change to signed content needs a new review).`
        : ''
    }`
  }
  return `${what}, so it cannot be deleted: readers would lose it. Choose another image (or none) ${wherePhrase(shown)} first, then delete it.`
}

/** The 409 for a refused change or delete: public, with the uses as data. */
export function mediaInUseError(
  uses: readonly MediaUse[],
  action: 'change' | 'delete',
  changes: readonly string[] = [],
): Refusal {
  const usedBy = summariseUses(uses)
  return new Refusal(mediaInUseMessage(usedBy, action), 409, {
    reason: 'media-in-use',
    usedBy,
    ...(changes.length ? { changes } : {}),
  })
}
