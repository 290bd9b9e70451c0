import { FEEDBACK_MESSAGE_MAX, FEEDBACK_PATH, FIELD, IDS, TEXT } from '@/lib/feedback/form'

export interface FeedbackFormProps {
  /** The article the feedback is about. */
  articleId: number
  /**
   * The published version on the page (`_articles_v` id: the newest publish record's `versionId`),
   * stored with the feedback so editors see what the reader read; null when unknown.
   */
  version: string | null
}

/**
 * "Was this page helpful?" and "Report a problem", under an article. A plain HTML form posted to
 * `/feedback` (app/(site)/feedback/route.ts): no client JavaScript, and nothing per request or per
 * reader, since the page around it is cached and shared by every reader. "Report a problem" opens
 * with `<details>`, which needs no script either. The vote buttons skip the browser's check of
 * the report's required box (`formNoValidate`); the server checks everything again.
 *
 * The honeypot (`FIELD.trap`) is off-screen, hidden from assistive technology and out of the tab
 * order: only a bot fills it, and a filled one is answered as taken and never stored.
 *
 * The route shows this same form again, filled in, when it cannot take a submission
 * (lib/feedback/page.ts); tests/unit/feedbackForm.test.ts keeps the two alike.
 */
export function FeedbackForm({ articleId, version }: FeedbackFormProps) {
  return (
    <section className="feedback" aria-labelledby={IDS.heading}>
      <h2 id={IDS.heading}>{TEXT.heading}</h2>
      <form className="feedback__form" method="post" action={FEEDBACK_PATH}>
        <input type="hidden" name={FIELD.article} value={articleId} />
        {version ? <input type="hidden" name={FIELD.version} value={version} /> : null}
        <div className="feedback__trap" aria-hidden="true">
          <label htmlFor={IDS.trap}>{TEXT.trapLabel}</label>
          <input id={IDS.trap} name={FIELD.trap} type="text" tabIndex={-1} autoComplete="off" />
        </div>
        <div className="feedback__votes" role="group" aria-labelledby={IDS.heading}>
          <button className="feedback__button" type="submit" name={FIELD.kind} value="helpful" formNoValidate>
            {TEXT.yes}
          </button>
          <button className="feedback__button" type="submit" name={FIELD.kind} value="not-helpful" formNoValidate>
            {TEXT.no}
          </button>
        </div>
        <details className="feedback__report">
          <summary>{TEXT.report}</summary>
          <div className="feedback__field">
            <label htmlFor={IDS.message}>{TEXT.messageLabel}</label>
            <p className="feedback__hint" id={IDS.hint}>
              {TEXT.messageHint}
            </p>
            <textarea
              id={IDS.message}
              name={FIELD.message}
              rows={6}
              maxLength={FEEDBACK_MESSAGE_MAX}
              required
              aria-describedby={IDS.hint}
            />
          </div>
          <button className="feedback__send" type="submit" name={FIELD.kind} value="problem">
            {TEXT.send}
          </button>
        </details>
      </form>
    </section>
  )
}
