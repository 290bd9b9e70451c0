import config from '@payload-config'
import { getPayload } from 'payload'

import { handleFeedback } from '@/lib/feedback/handler'

/**
 * POST /feedback — the reader feedback form under every article (components/FeedbackForm.tsx).
 * Everything happens in lib/feedback/handler.ts; other methods get Next.js's 405.
 */
export const dynamic = 'force-dynamic'

export async function POST(request: Request): Promise<Response> {
  return handleFeedback(await getPayload({ config }), request)
}
