import type { Payload, RequestContext } from 'payload'

import { applyChanges } from './generate'
import { type DocPlan, openRequest } from './plan'
import { requestAs, reviewWorkflow } from '@/plugins/medicalReview'

const SEED_CONTEXT: RequestContext = { disableRevalidate: true }

/**
 * Plays a plan through the real workflow — the Local API as each person, every hook, validation
 * and gate — at today's time. The slow, reference path: the equivalence test compares what it
 * leaves behind with `BulkWriter`'s.
 */
export async function playWithWorkflow(payload: Payload, seed: number, plan: DocPlan): Promise<number> {
  const review = reviewWorkflow(payload, plan.collection, SEED_CONTEXT)
  let id: number | undefined
  for (const event of plan.events) {
    if (event.kind === 'create') {
      const doc = await payload.create({
        collection: plan.collection,
        data: { ...plan.data, slug: plan.slug } as never,
        draft: true,
        overrideAccess: false,
        req: await requestAs(payload, event.by.id, SEED_CONTEXT),
      })
      id = Number(doc.id)
      continue
    }
    if (id === undefined) throw new Error(`${plan.collection} #${plan.index}: "${event.kind}" before "create".`)
    switch (event.kind) {
      case 'edit': {
        const current = await payload.findByID({
          collection: plan.collection,
          id,
          draft: true,
          depth: 0,
          overrideAccess: true,
        })
        await payload.update({
          collection: plan.collection,
          id,
          data: applyChanges(seed, plan, current as never, event.changes) as never,
          draft: true,
          overrideAccess: false,
          req: await requestAs(payload, event.by.id, SEED_CONTEXT),
        })
        break
      }
      case 'submit':
        await review.submit(event.by.id, id, { changeNote: event.changeNote, reviewer: event.reviewer.id })
        break
      case 'signOff':
        await review.signOff(event.by.id, id, { decision: event.decision, comments: event.comments })
        break
      case 'answer': {
        const current = await payload.findByID({
          collection: plan.collection,
          id,
          draft: true,
          depth: 0,
          overrideAccess: true,
        })
        const item = openRequest(current.checklist, event.request)
        if (!item) throw new Error(`${plan.collection} #${plan.index}: no open request "${event.request}" to answer.`)
        await review.answer(event.by.id, id, item.id, event.answer)
        break
      }
      case 'publish':
        await review.publish(event.by.id, id)
        break
      case 'unpublish':
        await review.unpublish(event.by.id, id, event.reason)
        break
    }
  }
  return id!
}
