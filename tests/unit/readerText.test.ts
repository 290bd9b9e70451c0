import { describe, expect, it } from 'vitest'

import { readingMinutes, wordCount, WORDS_PER_MINUTE } from '@/lib/reader/readingTime'
import { fromSentenceStart, MARK_END, MARK_START } from '@/lib/search/snippet'

const rich = (...paragraphs: string[]) => ({
  root: { children: paragraphs.map((text) => ({ type: 'paragraph', children: [{ type: 'text', text }] })) },
})
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ')

describe('reading time', () => {
  it('counts the words of the question, intro, causes, when to seek care and takeaway', () => {
    const article = {
      question: 'Why does it hurt?',
      intro: rich('One two three.', 'Four five.'),
      causes: [{ heading: 'A cause', explanation: rich('Six seven eight') }],
      whenToSeekCare: rich('Nine ten'),
      takeaway: rich('Eleven'),
    }
    expect(wordCount(article)).toBe(4 + 5 + 2 + 3 + 2 + 1)
  })

  it('ignores punctuation standing alone and rounds to whole minutes, at least one', () => {
    expect(wordCount({ intro: rich('one — two · three') })).toBe(3)
    expect(readingMinutes({ intro: rich('short') })).toBe(1)
    expect(readingMinutes({ intro: rich(words(WORDS_PER_MINUTE * 4)) })).toBe(4)
    expect(readingMinutes({ intro: rich(words(WORDS_PER_MINUTE * 4.6)) })).toBe(5)
  })
})

describe('search snippets start at a sentence', () => {
  const mark = (word: string) => `${MARK_START}${word}${MARK_END}`
  const body =
    'Sciatica is pain along the sciatic nerve. It often spreads from the lower back into the buttock and the leg, and it is usually worse when sitting for long.'

  it('moves a passage that begins mid-sentence back to the start of its sentence', () => {
    const headline = `buttock and the ${mark('leg')}, and it is usually worse`
    expect(fromSentenceStart(headline, body)).toBe(`It often spreads from the lower back into the ${headline} …`)
  })

  it('keeps a passage that already starts a sentence, and one at the start of the body', () => {
    const first = `${mark('Sciatica')} is pain along the sciatic nerve.`
    expect(fromSentenceStart(first, body)).toBe(first)
    const second = `It often spreads from the lower ${mark('back')}`
    expect(fromSentenceStart(second, body)).toBe(`${second} …`)
    const last = `it is usually worse when ${mark('sitting')} for long.`
    expect(fromSentenceStart(last, body)).toBe(
      `It often spreads from the lower back into the buttock and the leg, and ${last}`,
    )
  })

  it('starts at a paragraph break as at a sentence end', () => {
    const text = 'Heading without a stop\nthe knee may swell after a fall'
    expect(fromSentenceStart(`may ${mark('swell')}`, text)).toBe(`the knee may ${mark('swell')} …`)
  })

  it('leads with "…" when the sentence starts too far back, and leaves a passage it cannot find', () => {
    const long = `Intro. ${words(60)} pain here`
    expect(fromSentenceStart(`${mark('pain')}`, long)).toBe(`… ${mark('pain')} …`)
    expect(fromSentenceStart(`not in the ${mark('body')}`, body)).toBe(`not in the ${mark('body')}`)
  })
})
