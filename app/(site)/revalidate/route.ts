import crypto from 'node:crypto'

import { revalidateTag } from 'next/cache'
import { type NextRequest, NextResponse } from 'next/server'

import { isCacheTag, revalidateSecret } from '@/lib/cache/revalidate'

const MAX_TAGS = 500

/**
 * POST /revalidate {"tags": [...]} — for code in this deployment that changes content outside a
 * request (the job queue's scheduled publishing). Requires the secret derived from PAYLOAD_SECRET.
 */
export async function POST(request: NextRequest) {
  const given = Buffer.from(request.headers.get('x-revalidate-secret') ?? '')
  const expected = Buffer.from(revalidateSecret())
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    return NextResponse.json({ error: 'Not allowed.' }, { status: 403 })
  }
  const body = (await request.json().catch(() => null)) as { tags?: unknown } | null
  const tags = Array.isArray(body?.tags) ? body.tags : null
  if (!tags || tags.length > MAX_TAGS || !tags.every(isCacheTag)) {
    return NextResponse.json({ error: `Send {"tags": [...]} with up to ${MAX_TAGS} cache tags.` }, { status: 400 })
  }
  for (const tag of tags) revalidateTag(tag, { expire: 0 })
  return NextResponse.json({ revalidated: tags.length }, { headers: { 'cache-control': 'no-store' } })
}
