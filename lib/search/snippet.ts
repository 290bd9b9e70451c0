/** What wraps a matched word in a snippet (control characters: render them, never inject). */
export const MARK_START = '\u0001'
export const MARK_END = '\u0002'

/** How far back (in characters) a snippet may reach for the start of its sentence. */
const MAX_LEAD = 160
const MARKS = new RegExp(`[${MARK_START}${MARK_END}]`, 'g')

/**
 * Starts a highlighted passage (PostgreSQL's `ts_headline`, marks included) at the beginning of
 * its sentence in `body`, so a result reads "Sciatica is …" rather than "is often worse when …".
 * When the sentence starts too far back, the passage is kept and led by "… "; one that stops
 * mid-sentence ends with " …". The marks are kept; the text added comes from `body`, never markup.
 */
export function fromSentenceStart(headline: string, body: string): string {
  const plain = headline.replace(MARKS, '')
  const at = plain ? body.indexOf(plain) : -1
  if (at === -1) return headline
  // A passage that stops mid-sentence says so.
  const stopsShort = at + plain.length < body.trimEnd().length && !/[.!?]["'”’)]?$/.test(plain.trimEnd())
  return leadIn(headline, body, at) + (stopsShort ? ' …' : '')
}

function leadIn(headline: string, body: string, at: number): string {
  if (at === 0) return headline
  const before = body.slice(Math.max(0, at - MAX_LEAD), at)
  // The last sentence end (or paragraph break) before the passage, within reach.
  const boundary = Math.max(
    ...[...before.matchAll(/[.!?]["'”’)]?\s+|\n\s*/g)].map((match) => match.index! + match[0].length),
    -1,
  )
  if (boundary === -1) {
    // Reaching back to the start of the body is still a sentence start.
    if (at <= MAX_LEAD) return body.slice(0, at) + headline
    return `… ${headline}`
  }
  return before.slice(boundary) + headline
}
