import { NextResponse } from 'next/server'

import { refuseMalformedBody } from '@/lib/security/requestGuard'

/**
 * In front of the API only: bodies over their size limit get a 413, and malformed or too deeply
 * nested ones a 400, before Payload sees them (lib/security/requestGuard.ts).
 */
export async function proxy(request: Request) {
  return (await refuseMalformedBody(request)) ?? NextResponse.next()
}

export const config = { matcher: ['/api/:path*'] }
