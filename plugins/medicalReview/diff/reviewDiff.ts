/**
 * What a reviewer needs before signing: the clinical changes in the working draft since the
 * content they (or a colleague) last signed off — or, before any approval, since it was last
 * reviewed. The baseline is the ledger entry's snapshot, exactly what the reviewer saw and
 * signed, never a version that might have been edited in place since.
 */
import { APIError, type Endpoint, type PayloadHandler, type PayloadRequest } from 'payload'

import { clinicalHash, clinicalSnapshot } from '../clinicalHash'
import { WorkflowError } from '../errors'
import { newestEntry, signedFieldsOf } from '../gate'
import type { ResolvedCollectionOptions } from '../resolveOptions'
import { readDocument } from '../versions'

import { clinicalDiff, referencedDocuments, type DiffLookups, type FieldChange } from './clinicalDiff'

export interface ReviewDiffBaseline {
  decision: string
  reviewerName: string
  signedAt: string
  versionId: string | null
}

export interface ReviewDiff {
  /** The ledger entry compared against: the newest approval, else the newest decision; null before any review. */
  baseline: ReviewDiffBaseline | null
  changes: FieldChange[]
  /** Said instead of, or beside, the changes: a first review, or a baseline that cannot be trusted. */
  message?: string
}

export const FIRST_REVIEW = 'First review: everything is new.'
export const SNAPSHOT_MISMATCH =
  'The stored snapshot of this sign-off does not match what was signed; compare with the version history instead.'

/** Titles of related documents and the file and alt text of images, looked up past access (staff only call this). */
async function lookupsFor(
  req: PayloadRequest,
  references: Record<string, Array<number | string>>,
): Promise<DiffLookups> {
  const docs: NonNullable<DiffLookups['docs']> = {}
  for (const [collection, ids] of Object.entries(references)) {
    const config = req.payload.collections[collection as 'media']?.config
    if (!config || !ids.length) continue
    const titleField = config.admin?.useAsTitle ?? 'id'
    const { docs: found } = await req.payload.find({
      collection: collection as 'media',
      where: { id: { in: ids } },
      limit: ids.length,
      pagination: false,
      depth: 0,
      overrideAccess: true,
      req,
    })
    docs[collection] = Object.fromEntries(
      (found as unknown as Array<Record<string, unknown>>).map((doc) => [
        String(doc.id),
        {
          title: typeof doc[titleField] === 'string' ? (doc[titleField] as string) : null,
          filename: typeof doc.filename === 'string' ? doc.filename : null,
          alt: typeof doc.alt === 'string' ? doc.alt : null,
        },
      ]),
    )
  }
  return { docs }
}

/**
 * The clinical changes in document `id`'s newest draft since its baseline (see `ReviewDiff`);
 * null when there is no such document. Reads past access: callers check who is asking.
 */
export async function reviewDiff(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  id: number | string,
): Promise<ReviewDiff | null> {
  const draft = await readDocument(req, options.slug, id, true)
  if (!draft) return null
  const entry =
    (await newestEntry(req, options, id, { decision: { equals: 'approve' } })) ?? (await newestEntry(req, options, id))
  if (!entry) return { baseline: null, changes: [], message: FIRST_REVIEW }
  const fields = signedFieldsOf(req, options)
  const before = (entry.snapshot ?? {}) as Record<string, unknown>
  const after = clinicalSnapshot(fields, draft)
  const changes = clinicalDiff(fields, before, after, await lookupsFor(req, referencedDocuments(fields, before, after)))
  const trusted = clinicalHash(fields, nested(before, fields.whenSet)) === entry.contentHash
  return {
    baseline: {
      decision: entry.decision,
      reviewerName: entry.reviewerName,
      signedAt: entry.signedAt,
      versionId: entry.versionId ?? null,
    },
    changes,
    ...(trusted ? {} : { message: SNAPSHOT_MISMATCH }),
  }
}

/** A snapshot with its signed-when-set values moved from their dotted key to where a document holds them. */
function nested(snapshot: Record<string, unknown>, whenSet: Array<{ path: string }>): Record<string, unknown> {
  const doc: Record<string, unknown> = { ...snapshot }
  for (const { path } of whenSet) {
    if (!(path in doc)) continue
    const value = doc[path]
    delete doc[path]
    const keys = path.split('.')
    let target = doc
    for (const key of keys.slice(0, -1)) {
      const inner = target[key]
      target[key] = { ...(inner && typeof inner === 'object' ? inner : {}) }
      target = target[key] as Record<string, unknown>
    }
    target[keys[keys.length - 1]!] = value
  }
  return doc
}

/** GET /:id/review-diff — staff only; refusals in Payload's error shape, as the other review endpoints. */
export function reviewDiffEndpoint(options: ResolvedCollectionOptions): Endpoint {
  const handler: PayloadHandler = async (req) => {
    try {
      const id = req.routeParams?.id
      if (typeof id !== 'string' && typeof id !== 'number')
        throw new WorkflowError('Missing document id.', 400, 'bad-id')
      if (!req.user) throw new WorkflowError('Log in first.', 401, 'not-logged-in')
      if (!options.access.isStaff(req.user))
        throw new WorkflowError('Only staff can see what changed since the sign-off.', 403, 'not-permitted')
      const diff = await reviewDiff(req, options, String(id))
      if (!diff) throw new WorkflowError(`There is no document with id ${String(id)}.`, 404, 'not-found')
      return Response.json(diff)
    } catch (error) {
      if (error instanceof APIError && error.isPublic && error.status < 500) {
        return Response.json({ errors: [{ message: error.message, data: error.data }] }, { status: error.status })
      }
      throw error
    }
  }
  return { path: '/:id/review-diff', method: 'get', handler }
}
