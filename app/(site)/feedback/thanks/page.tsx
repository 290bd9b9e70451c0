import type { Metadata } from 'next'

import { getArticle } from '@/lib/data'
import { KINDS, type FeedbackKind } from '@/lib/feedback/form'
import { isSlug } from '@/lib/slugify'

type Props = { searchParams: Promise<{ article?: string | string[]; kind?: string | string[] }> }

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? ''

// Rendered per request from its query: never stored by Next.js, so never marked for the edge either.
export const dynamic = 'force-dynamic'

export const metadata: Metadata = {
  title: 'Thank you for your feedback',
  robots: { index: false, follow: false },
}

const SAID: Record<FeedbackKind, string[]> = {
  helpful: ['We are glad the article helped. Knowing which pages help tells us what to keep.'],
  'not-helpful': [
    'Thank you for telling us. Our editors look at the articles readers find unhelpful first.',
    'If something in it is wrong, unclear or missing, you can say what under “Report a problem” at the bottom of the article.',
  ],
  problem: [
    'Your report is in our editors’ queue. An editor reads every report, and any change to the medical content is checked by a clinician before it is published.',
    'We cannot reply to reports. If you are worried about a symptom, talk to a clinician.',
  ],
}

/**
 * Where a taken submission lands (Post/Redirect/Get, from app/(site)/feedback/route.ts): thanks,
 * and the way back to the article.
 */
export default async function FeedbackThanksPage({ searchParams }: Props) {
  const params = await searchParams
  const kindParam = first(params.kind)
  const kind = (KINDS as readonly string[]).includes(kindParam) ? (kindParam as FeedbackKind) : null
  const slug = first(params.article)
  const article = isSlug(slug) ? await getArticle(slug) : null

  return (
    <div className="feedback-thanks">
      <h1>Thank you</h1>
      {(kind ? SAID[kind] : ['Thank you for your feedback.']).map((text) => (
        <p key={text}>{text}</p>
      ))}
      <p>
        {article && !article.isDraft ? (
          <a href={`/articles/${article.slug}`}>Back to “{article.question}”</a>
        ) : (
          <a href="/">Go to the home page</a>
        )}
      </p>
    </div>
  )
}
