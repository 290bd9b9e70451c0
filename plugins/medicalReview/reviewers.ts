/**
 * Who can be asked to review a document: everyone the host lets sign off its collection, except
 * its author(s) and whoever changed its clinical content since its last approval, with what the
 * registry says of them — so the person submitting picks someone who can actually sign.
 */
import { APIError, type Endpoint, type PayloadRequest } from 'payload'

import { relationIds } from '@/plugins/common/relationIds'

import { WorkflowError } from './errors'
import { clinicalEditorIds, peopleWho } from './people'
import { type ResolvedCollectionOptions, reviewableCollections } from './resolveOptions'
import { readDocument } from './versions'

export interface EligibleReviewer {
  id: number | string
  name: string
  credentials: string | null
  specialties: string[]
  /** How many of the document's specialties they hold. */
  matches: number
  /** Why they could not sign off now (unverified or expired credentials), or null. */
  problem: string | null
  /** Documents waiting on their review now (in review, assigned to them), in every reviewable collection. */
  waiting: number
}

/** Documents in review per assigned reviewer (by id), across every reviewable collection. */
async function waitingCounts(req: PayloadRequest): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  for (const { slug } of reviewableCollections(req.payload)) {
    const { docs } = await req.payload.find({
      collection: slug as 'articles',
      where: { reviewStage: { equals: 'in-review' } },
      select: { assignedReviewer: true } as never,
      draft: true,
      depth: 0,
      pagination: false,
      overrideAccess: true,
      req,
    })
    for (const doc of docs as unknown as Array<{ assignedReviewer?: unknown }>) {
      for (const id of relationIds(doc.assignedReviewer)) counts.set(String(id), (counts.get(String(id)) ?? 0) + 1)
    }
  }
  return counts
}

/**
 * Everyone who may sign off `doc` (its collection's `maySignOff`), not its author(s) nor its
 * clinical editors, sorted: those who could sign now first, then by how many of the document's
 * specialties they hold, then by how few documents already wait on them, then by name.
 */
export async function eligibleReviewers(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  doc: Record<string, unknown>,
  now = new Date(),
): Promise<EligibleReviewer[]> {
  const { registry } = options
  const excluded = new Set([...relationIds(doc[options.authorField]).map(String), ...clinicalEditorIds(doc)])
  const candidates = await peopleWho(
    req,
    (person) => !excluded.has(String(person.id)) && options.access.maySignOff(options.slug, person),
  )
  const wanted = new Set(registry.documentSpecialties(doc))
  const waiting = candidates.length ? await waitingCounts(req) : new Map<string, number>()
  const list = candidates.map((person): EligibleReviewer => {
    const specialties = registry.specialtiesOf(person)
    return {
      id: person.id,
      name: String(person.name ?? ''),
      credentials: registry.credentialsOf(person),
      specialties,
      matches: specialties.filter((specialty) => wanted.has(specialty)).length,
      problem: registry.signingProblem(person, now),
      waiting: waiting.get(String(person.id)) ?? 0,
    }
  })
  return list.sort(
    (a, b) =>
      Number(Boolean(a.problem)) - Number(Boolean(b.problem)) ||
      b.matches - a.matches ||
      a.waiting - b.waiting ||
      a.name.localeCompare(b.name),
  )
}

/** GET /:id/reviewers — staff only: who can be asked to review the document (its newest version). */
export function eligibleReviewersEndpoint(options: ResolvedCollectionOptions): Endpoint {
  return {
    path: '/:id/reviewers',
    method: 'get',
    handler: async (req) => {
      try {
        if (!req.user) throw new WorkflowError('Log in first.', 401, 'not-logged-in')
        if (!options.access.isStaff(req.user))
          throw new WorkflowError('Only staff can see who may review it.', 403, 'not-permitted')
        const id = req.routeParams?.id
        if (typeof id !== 'string' && typeof id !== 'number')
          throw new WorkflowError('Missing document id.', 400, 'bad-id')
        const doc = await readDocument(req, options.slug, id, true)
        if (!doc) throw new WorkflowError(`There is no document with id ${id}.`, 404, 'not-found')
        return Response.json({ reviewers: await eligibleReviewers(req, options, doc) })
      } catch (error) {
        // As the other review endpoints: a refusal is an answer in Payload's error shape, not a 500.
        if (error instanceof APIError && error.isPublic && error.status < 500) {
          return Response.json({ errors: [{ message: error.message, data: error.data }] }, { status: error.status })
        }
        throw error
      }
    },
  }
}
