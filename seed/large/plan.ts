/**
 * A generated document's whole life, as data: what it was created with, then every edit, review
 * decision, answer to a reviewer's request, publish and unpublish, each with its time and the person acting. The same plan can
 * be played through the real workflow (`playWithWorkflow`, the Local API) or written in bulk
 * (`BulkWriter`); tests check that both leave the same records behind.
 */
export type ReviewableCollection = 'articles' | 'conditions'

export interface Person {
  id: number
  name: string
  credentials?: string | null
}

interface At {
  /** ISO time of the event. */
  at: string
  /** Who acts. */
  by: Person
}

export type PlanEvent =
  | ({ kind: 'create' } & At)
  | ({ kind: 'edit'; changes: Record<string, unknown> } & At)
  | ({ kind: 'submit'; reviewer: Person; changeNote: string } & At)
  | ({ kind: 'signOff'; decision: 'approve' | 'changes-requested'; comments?: string } & At)
  /**
   * The writer answers one of the reviewer's requests (an open checklist item, found by its text:
   * its id is only known once it is written). Changes requested are answered before resubmitting.
   */
  | ({ kind: 'answer'; request: string; answer: string } & At)
  | ({ kind: 'publish' } & At)
  | ({ kind: 'unpublish'; reason: string } & At)

export interface DocPlan {
  collection: ReviewableCollection
  /** Position in the generated sequence (stable across runs with the same seed). */
  index: number
  /** Unique within the collection; how a resumed run finds the document again. */
  slug: string
  /** The content it is created with (relationships as ids). */
  data: Record<string, unknown>
  /** In time order; the first is always `create`. */
  events: PlanEvent[]
}

/**
 * The checklist item a plan's `answer` event answers: the first open one with its request's text.
 * Both ways of playing a plan find it so.
 */
export function openRequest<Item extends { id?: string | null; request?: string | null; state?: string | null }>(
  checklist: Item[] | null | undefined,
  request: string,
): (Item & { id: string }) | undefined {
  return (checklist ?? []).find(
    (item): item is Item & { id: string } =>
      Boolean(item.id) && item.request === request && (item.state ?? 'open') === 'open',
  )
}
