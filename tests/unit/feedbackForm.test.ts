/**
 * The feedback form under an article (components/FeedbackForm.tsx, React) and the same form the
 * route shows again when it refuses a submission (lib/feedback/page.ts, a string): same controls,
 * same names and values, same limits. And what the article's form must never hold: anything per
 * request (the page is cached and shared), or script.
 */
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'

import { FeedbackForm } from '@/components/FeedbackForm'
import { FEEDBACK_MESSAGE_MAX, FEEDBACK_PATH, FIELD, TEXT } from '@/lib/feedback/form'
import { feedbackFormHtml } from '@/lib/feedback/page'

type Control = Record<string, string>

/** Every input, button and textarea, with its attributes (names lowercased, React's spelling undone). */
function controls(markup: string): Control[] {
  return [...markup.matchAll(/<(input|button|textarea|form|details|div)\b([^>]*)>/g)]
    .map(([, tag, attributes]) => {
      const control: Control = { tag: tag! }
      for (const [, name, value] of attributes!.matchAll(/([a-zA-Z-]+)(?:="([^"]*)")?/g))
        control[name!.toLowerCase()] = value ?? ''
      return control
    })
    .filter((control) => control.tag !== 'div' || 'aria-hidden' in control || 'role' in control)
    .map(({ open: _open, ...control }) => control)
}

const article = renderToStaticMarkup(createElement(FeedbackForm, { articleId: 42, version: '317' }))
const again = feedbackFormHtml({ articleId: 42, version: '317', kind: null, message: '' }).value

describe('the feedback form', () => {
  it('has the same controls on the article and on the route’s refusal page', () => {
    expect(controls(again)).toEqual(controls(article))
  })

  it('posts to /feedback with one kind per button, the article, its version and the honeypot', () => {
    const list = controls(article)
    expect(list.find((c) => c.tag === 'form')).toMatchObject({ method: 'post', action: FEEDBACK_PATH })
    expect(list.filter((c) => c.tag === 'button').map((c) => [c.name, c.value, 'formnovalidate' in c])).toEqual([
      [FIELD.kind, 'helpful', true],
      [FIELD.kind, 'not-helpful', true],
      [FIELD.kind, 'problem', false],
    ])
    expect(list.find((c) => c.name === FIELD.article)).toMatchObject({ type: 'hidden', value: '42' })
    expect(list.find((c) => c.name === FIELD.version)).toMatchObject({ type: 'hidden', value: '317' })
    expect(list.find((c) => c.tag === 'textarea')).toMatchObject({
      name: FIELD.message,
      maxlength: String(FEEDBACK_MESSAGE_MAX),
      required: '',
    })
    expect(list.find((c) => c.name === FIELD.trap)).toMatchObject({ tabindex: '-1', autocomplete: 'off' })
    expect(list.find((c) => 'aria-hidden' in c)).toMatchObject({ 'aria-hidden': 'true', class: 'feedback__trap' })
  })

  it('leaves the version out when the page has none', () => {
    const markup = renderToStaticMarkup(createElement(FeedbackForm, { articleId: 42, version: null }))
    expect(controls(markup).some((c) => c.name === FIELD.version)).toBe(false)
  })

  it('is the same for every reader: no script, no token, nothing but the article and its version', () => {
    expect(article).not.toMatch(/<script|on[a-z]+=/i)
    expect(renderToStaticMarkup(createElement(FeedbackForm, { articleId: 42, version: '317' }))).toBe(article)
    const hidden = controls(article).filter((c) => c.type === 'hidden')
    expect(hidden.map((c) => c.name)).toEqual([FIELD.article, FIELD.version])
  })

  it('opens "Report a problem" with <details>, labelled, and labels the vote as a group', () => {
    expect(article).toContain(`<summary>${TEXT.report}</summary>`)
    expect(article).toMatch(/<label for="feedback-message">/)
    expect(article).toMatch(/<div class="feedback__votes" role="group" aria-labelledby="feedback-heading">/)
    expect(article).toMatch(/<h2 id="feedback-heading">Was this page helpful\?<\/h2>/)
  })
})
