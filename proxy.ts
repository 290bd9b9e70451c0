import { NextResponse } from 'next/server'

import { refuseMalformedBody } from '@/lib/security/requestGuard'

/** In front of the API only: malformed request bodies get a 400 before Payload sees them. */
export async function proxy(request: Request) {
  return (await refuseMalformedBody(request)) ?? NextResponse.next()
}

export const config = { matcher: ['/api/:path*'] }
