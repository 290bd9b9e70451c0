import { draftMode } from 'next/headers'
import { type NextRequest, NextResponse } from 'next/server'

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** GET /preview/exit?slug=… — leaves draft mode and returns to the published page. */
export async function GET(request: NextRequest) {
  ;(await draftMode()).disable()
  const slug = request.nextUrl.searchParams.get('slug') ?? ''
  const target = SLUG.test(slug) ? `/articles/${slug}` : '/'
  return NextResponse.redirect(new URL(target, request.nextUrl.origin), { headers: { 'cache-control': 'no-store' } })
}
