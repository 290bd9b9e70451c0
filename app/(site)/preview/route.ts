import config from '@payload-config'
import { draftMode } from 'next/headers'
import { type NextRequest, NextResponse } from 'next/server'
import { getPayload } from 'payload'

import { isStaff } from '@/access/roles'
import { isPreviewSecret } from '@/lib/preview/previewSecret'
import { PREVIEWABLE, type PreviewableCollection } from '@/lib/preview/previewUrl'
import { serverUrl } from '@/lib/runtimeConfig'
import { isSlug } from '@/lib/slugify'

const refuse = (status: number, message: string) =>
  new NextResponse(message, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  })

/**
 * GET /preview?collection=articles&slug=…&secret=… — the admin's Preview button. Turns on draft
 * mode for a logged-in staff member and opens the page; anyone else gets a clear refusal.
 */
export async function GET(request: NextRequest) {
  const { searchParams } = request.nextUrl
  const collection = searchParams.get('collection') as PreviewableCollection | null
  const slug = searchParams.get('slug') ?? ''
  if (!isPreviewSecret(searchParams.get('secret'))) {
    return refuse(403, 'This preview link is not valid. Open the preview from the admin panel.')
  }
  if (!collection || !Object.hasOwn(PREVIEWABLE, collection) || !isSlug(slug)) {
    return refuse(400, 'This preview link names no page. Open the preview from the admin panel.')
  }
  const payload = await getPayload({ config })
  const { user } = await payload.auth({ headers: request.headers })
  const draft = await draftMode()
  if (!user || !isStaff(user)) {
    draft.disable()
    return refuse(401, 'Log into the admin panel first; previews of drafts are for editors only.')
  }
  draft.enable()
  return NextResponse.redirect(new URL(`${PREVIEWABLE[collection]}/${slug}`, serverUrl(process.env)), {
    headers: { 'cache-control': 'no-store' },
  })
}
