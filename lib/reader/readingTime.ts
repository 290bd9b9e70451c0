import { plainText } from '@/lib/search/plainText'

/**
 * Words a minute for health information read with care: slower than the 238 often quoted for
 * leisure reading, since readers of a symptom page stop to check what applies to them.
 */
export const WORDS_PER_MINUTE = 200

type Readable = {
  question?: string | null
  intro?: unknown
  causes?: Array<{ heading?: string | null; explanation?: unknown }> | null
  whenToSeekCare?: unknown
  takeaway?: unknown
}

/** The words a reader reads in the article's body: question, intro, causes, when to seek care, takeaway. */
export function wordCount(article: Readable): number {
  const text = [
    article.question ?? '',
    plainText(article.intro),
    ...(article.causes ?? []).flatMap((cause) => [cause.heading ?? '', plainText(cause.explanation)]),
    plainText(article.whenToSeekCare),
    plainText(article.takeaway),
  ].join(' ')
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length
}

/** Whole minutes to read the article, at least one. */
export function readingMinutes(article: Readable): number {
  return Math.max(1, Math.round(wordCount(article) / WORDS_PER_MINUTE))
}
