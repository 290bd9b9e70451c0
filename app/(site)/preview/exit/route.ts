import { draftMode } from 'next/headers'
import { type NextRequest, NextResponse } from 'next/server'

import { serverUrl } from '@/lib/runtimeConfig'
import { isSlug } from '@/lib/slugify'

/** GET /preview/exit?slug=… — leaves draft mode and returns to the published page. */
export async function GET(request: NextRequest) {
  ;(await draftMode()).disable()
  const slug = request.nextUrl.searchParams.get('slug') ?? ''
  const target = isSlug(slug) ? `/articles/${slug}` : '/'
  return NextResponse.redirect(new URL(target, serverUrl(process.env)), { headers: { 'cache-control': 'no-store' } })
}
