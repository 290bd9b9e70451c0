/**
 * The pages the feedback route answers with when it does not take a submission: what went wrong,
 * what to do next, and — wherever sending again can work — the form again with the reader's text
 * in it, so nothing they wrote is lost. Rendered by the route itself (a POST cannot redirect to a
 * page and bring 2000 characters along without putting them in a URL or a cookie), as a complete
 * HTML document in the site's look, with no script.
 */
import { Html, html } from './html'
import { FEEDBACK_MESSAGE_MAX, FEEDBACK_PATH, FIELD, type FeedbackKind, IDS, TEXT } from './form'
import { SITE_DISCLAIMER } from '@/lib/reader/siteText'

/** The form as the route shows it again: the reader's text, and which part was open. */
export interface FormState {
  articleId: number
  version: string | null
  kind: FeedbackKind | null
  message: string
  /** Marks the message as the field to fix (aria-invalid, described by the error). */
  messageInvalid?: boolean
}

export interface RefusalPage {
  status: number
  title: string
  /** Paragraphs saying what happened and what to do next. */
  explanation: Array<string | Html>
  /** The form again, filled in: when sending it again can work. */
  form?: FormState
  /** The reader's text to copy, when the form cannot be sent again. */
  copy?: string
  /** Where to go back to. */
  back?: { href: string; label: string }
  headers?: Record<string, string>
}

/** The feedback form as markup: the same controls, names and words as components/FeedbackForm.tsx. */
export function feedbackFormHtml(state: FormState): Html {
  const open = state.kind === 'problem' || state.message !== ''
  const describedBy = state.messageInvalid ? `${IDS.error} ${IDS.hint}` : IDS.hint
  return html`<section class="feedback" aria-labelledby="${IDS.heading}">
    <h2 id="${IDS.heading}">${TEXT.heading}</h2>
    <form class="feedback__form" method="post" action="${FEEDBACK_PATH}">
      <input type="hidden" name="${FIELD.article}" value="${state.articleId}" />
      ${state.version ? html`<input type="hidden" name="${FIELD.version}" value="${state.version}" />` : ''}
      <div class="feedback__trap" aria-hidden="true">
        <label for="${IDS.trap}">${TEXT.trapLabel}</label>
        <input id="${IDS.trap}" name="${FIELD.trap}" type="text" tabindex="-1" autocomplete="off" />
      </div>
      <div class="feedback__votes" role="group" aria-labelledby="${IDS.heading}">
        <button class="feedback__button" type="submit" name="${FIELD.kind}" value="helpful" formnovalidate>
          ${TEXT.yes}
        </button>
        <button class="feedback__button" type="submit" name="${FIELD.kind}" value="not-helpful" formnovalidate>
          ${TEXT.no}
        </button>
      </div>
      <details class="feedback__report" ${open ? html`open` : ''}>
        <summary>${TEXT.report}</summary>
        <div class="feedback__field">
          <label for="${IDS.message}">${TEXT.messageLabel}</label>
          <p class="feedback__hint" id="${IDS.hint}">${TEXT.messageHint}</p>
          <textarea
            id="${IDS.message}"
            name="${FIELD.message}"
            rows="6"
            maxlength="${FEEDBACK_MESSAGE_MAX}"
            required
            aria-describedby="${describedBy}"
            ${state.messageInvalid ? html`aria-invalid="true"` : ''}
          >
${state.message}</textarea>
        </div>
        <button class="feedback__send" type="submit" name="${FIELD.kind}" value="problem">${TEXT.send}</button>
      </details>
    </form>
  </section>`
}

/**
 * The site's look for a page rendered outside Next.js (whose stylesheet has a build-specific
 * name): the custom properties and rules of app/(site)/styles.css these pages use.
 */
const STYLE = `
:root{--ink:#1d2327;--muted:#50585e;--paper:#fbfaf7;--card:#fff;--rule:#dcd8cf;--accent:#0b5e55;--focus:#b3541e;--measure:44rem;color-scheme:light}
*,*::before,*::after{box-sizing:border-box}
body{margin:0;background:var(--paper);color:var(--ink);font:1.0625rem/1.65 ui-sans-serif,system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}
h1,h2{font-family:ui-serif,Georgia,'Times New Roman',serif;line-height:1.2;font-weight:600}
h1{font-size:clamp(2rem,4vw,2.75rem);margin:0 0 1rem}
h2{font-size:1.5rem;margin:2.5rem 0 1rem}
a{color:var(--accent);text-underline-offset:.15em}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.container{max-width:64rem;margin:0 auto;padding:0 1.25rem}
.skip-link{position:absolute;left:1rem;top:-3rem;background:var(--ink);color:#fff;padding:.5rem .75rem;z-index:10}
.skip-link:focus{top:1rem}
.site-header{border-bottom:1px solid var(--rule);background:var(--card)}
.site-header .container{display:flex;align-items:center;min-height:3.5rem}
.wordmark{font-family:ui-serif,Georgia,serif;font-size:1.375rem;font-weight:700;color:var(--ink);text-decoration:none}
main.container{padding-top:3rem;padding-bottom:4rem;outline:none}
.site-footer{border-top:1px solid var(--rule);color:var(--muted);font-size:.9375rem;padding:1.5rem 0}
.refusal{max-width:var(--measure)}
.refusal__label{display:block;font-weight:600;margin-top:1rem}
.refusal__copy{display:block;width:100%;font:inherit;padding:.5rem .625rem;border:1px solid var(--rule);border-radius:6px;background:#fff;color:var(--ink)}
.feedback{max-width:var(--measure);border-top:1px solid var(--rule);margin-top:2.5rem;padding-top:.5rem}
.feedback h2{font-size:1.25rem;margin:1rem 0 .75rem}
.feedback__votes{display:flex;flex-wrap:wrap;gap:.5rem}
.feedback__button,.feedback__send{font:inherit;padding:.375rem 1rem;border:1px solid var(--accent);border-radius:6px;background:#fff;color:var(--accent);cursor:pointer}
.feedback__send{background:var(--accent);color:#fff;margin-top:.75rem}
.feedback__report{margin-top:1.25rem}
.feedback__report summary{cursor:pointer;color:var(--accent);font-weight:600;width:fit-content}
.feedback__field{display:grid;gap:.25rem;margin-top:.75rem}
.feedback__field label{font-weight:600}
.feedback__hint{margin:0;color:var(--muted);font-size:.9375rem}
.feedback__field textarea{font:inherit;width:100%;padding:.5rem .625rem;border:1px solid var(--muted);border-radius:6px;background:#fff;color:var(--ink)}
.feedback__field textarea[aria-invalid=true]{border:2px solid #a4260b}
.feedback__error{border-left:4px solid #a4260b;background:#fdf2ef;padding:.5rem 1rem;border-radius:0 .5rem .5rem 0}
.feedback__trap{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
`

/** A complete refusal page as a Response (never cached: it may hold the reader's own text). */
export function refusalResponse(page: RefusalPage): Response {
  const body = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>${page.title} · Causeway</title>
        <style>
          ${new Html(STYLE)}
        </style>
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site-header">
          <div class="container"><a class="wordmark" href="/">Causeway</a></div>
        </header>
        <main id="main" class="container" tabindex="-1">
          <div class="refusal">
            <h1>${page.title}</h1>
            <div class="feedback__error" id="${IDS.error}">
              ${page.explanation.map((paragraph) => html`<p>${paragraph}</p>`)}
            </div>
            ${
              page.copy
                ? html`<label class="refusal__label" for="feedback-copy">Your text, to copy</label>
                    <textarea class="refusal__copy" id="feedback-copy" rows="6" readonly>${page.copy}</textarea>`
                : ''
            }
            ${page.back ? html`<p><a href="${page.back.href}">${page.back.label}</a></p>` : ''}
          </div>
          ${page.form ? feedbackFormHtml(page.form) : ''}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>${SITE_DISCLAIMER}</p>
          </div>
        </footer>
      </body>
    </html> `
  return new Response(body.value, {
    status: page.status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'private, no-store',
      'x-robots-tag': 'noindex',
      ...page.headers,
    },
  })
}
