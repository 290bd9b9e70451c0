/**
 * Writes a document's planned life straight through Payload's database adapter — the same
 * `create`, `updateOne` and `createVersion` calls Payload's own operations end in — without the
 * per-write work that makes the Local API take ~50 ms a step (loading the document, field hooks,
 * validation, re-reading with population). What those hooks would have computed is computed here
 * by the same functions: the clinical hash, the stage rule, the ledger entry and its chain hash,
 * the `signOff` group, the publication record and the search index entry. The equivalence test
 * (tests/int/seedLarge.int.test.ts) plays the same plans through the real workflow and checks
 * that both leave identical records.
 */
import crypto from 'node:crypto'

import type { Payload, PayloadRequest } from 'payload'

import { articleEntry, conditionEntry, indexDocument, removeDocument } from '@/lib/search/searchIndex'
import type { Article, Condition } from '@/payload-types'

import { applyChanges } from './generate'
import { type DocPlan, openRequest, type PlanEvent } from './plan'
import {
  bulkHistory,
  checklistAfterDecision,
  checklistOf,
  reviewOptionsOf,
  SIGNATURE_MEANINGS,
} from '@/plugins/medicalReview'

// The review plugin's own computations, so bulk-written history is what the workflow would write.
const {
  clinicalEditorsAfter,
  clinicalHash,
  entryHash,
  lockLedgerHead,
  namesOf,
  publicationData,
  signedFieldsOf,
  signOffEntryContent,
  signOffFromEntry,
  stageAfterEdit,
} = bulkHistory
type PublicationRecord = bulkHistory.PublicationRecord
type ReviewStage = bulkHistory.ReviewStage

type Doc = Record<string, unknown>

/** Where a document stands between events. */
export interface DocState {
  id: number
  /** The newest version's content, as stored (relationships as ids). */
  doc: Doc
  versionId: string
}

/** A 24-hex-digit array-row id in Payload's format (bson ObjectId), dated when the row was written. */
function objectIdAt(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000)
    .toString(16)
    .padStart(8, '0')
  return seconds + crypto.randomBytes(8).toString('hex')
}

/** Gives every array row without an id one, as Payload's id field hook does on write. */
function withRowIds(value: unknown, at: string): unknown {
  if (Array.isArray(value)) return value.map((item) => withRowIds(item, at))
  if (!value || typeof value !== 'object') return value
  const out: Doc = {}
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      Array.isArray(child) && child.every((row) => row && typeof row === 'object' && !Array.isArray(row))
        ? child.map((row: Doc) => ({ ...(withRowIds(row, at) as Doc), id: row.id ?? objectIdAt(at) }))
        : child
  }
  return out
}

export class BulkWriter {
  private chainHead: string | null | undefined

  constructor(
    private readonly payload: Payload,
    private readonly req: PayloadRequest,
    private readonly seed: number,
    /** Names of the published conditions by id, for indexing articles by the conditions they link. */
    private readonly conditionNames: Map<number, string>,
  ) {}

  /** Takes the ledger lock for this transaction and reads the chain's newest hash. */
  async begin(): Promise<void> {
    this.chainHead = await lockLedgerHead(this.payload, this.req)
  }

  private options(plan: DocPlan) {
    return reviewOptionsOf(this.payload as never, plan.collection)
  }

  private hash(plan: DocPlan, doc: Doc): string {
    return clinicalHash(signedFieldsOf(this.req, this.options(plan)), doc)
  }

  private async saveVersion(plan: DocPlan, state: Pick<DocState, 'id' | 'doc'>, at: string): Promise<string> {
    const version = await this.payload.db.createVersion({
      collectionSlug: plan.collection,
      parent: state.id,
      // The adapter may rewrite what it is given (array rows among it): it gets a copy.
      versionData: structuredClone({ ...state.doc, id: state.id, updatedAt: at }) as never,
      autosave: false,
      createdAt: at,
      updatedAt: at,
      req: this.req,
      select: { id: true },
    })
    return String(version.id)
  }

  /** Applies one event; `state` is undefined only for `create`. */
  async apply(plan: DocPlan, event: PlanEvent, state: DocState | undefined): Promise<DocState> {
    if (event.kind === 'create') return this.create(plan, event)
    if (!state) throw new Error(`${plan.collection} #${plan.index}: "${event.kind}" before "create".`)
    switch (event.kind) {
      case 'edit': {
        const changes = withRowIds(applyChanges(this.seed, plan, state.doc, event.changes), event.at) as Doc
        const doc: Doc = { ...state.doc, ...changes, _status: 'draft' }
        const hash = this.hash(plan, doc)
        doc.clinicalEditors = clinicalEditorsAfter({
          before: state.doc.clinicalEditors,
          reset: false,
          changed: this.hash(plan, state.doc) !== hash,
          by: event.by.id,
        })
        doc.reviewStage = stageAfterEdit(state.doc.reviewStage as ReviewStage, {
          changed: state.doc.contentHash !== hash,
          hash,
          signedHash: (doc.signOff as { hash?: string } | null)?.hash,
        })
        doc.contentHash = hash
        // Who changed the content last, as the review hook records it on every edit.
        doc.lastEdit = { at: event.at, by: event.by.id, overrodeLockOf: null }
        return this.draft(plan, state, doc, event.at)
      }
      case 'submit':
        return this.draft(
          plan,
          state,
          {
            ...state.doc,
            _status: 'draft',
            reviewStage: 'in-review',
            changeNote: event.changeNote,
            assignedReviewer: event.reviewer.id,
          },
          event.at,
        )
      case 'signOff':
        return this.signOff(plan, state, event)
      case 'answer':
        return this.answer(plan, state, event)
      case 'publish':
        return this.publish(plan, state, event)
      case 'unpublish':
        return this.unpublish(plan, state, event)
    }
  }

  private async create(plan: DocPlan, event: PlanEvent): Promise<DocState> {
    const content = withRowIds(plan.data, event.at) as Doc
    const doc: Doc = {
      ...content,
      slug: plan.slug,
      ...(plan.collection === 'articles' ? { previousSlugs: [], meta: {} } : {}),
      reviewIntervalMonths: this.options(plan).defaultReviewIntervalMonths,
      signOff: {},
      lastDecision: {},
      checklist: [],
      reviewStage: 'draft',
      _status: 'draft',
      clinicalEditors: clinicalEditorsAfter({ before: [], reset: false, changed: true, by: event.by.id }),
      lastEdit: { at: event.at, by: event.by.id, overrodeLockOf: null },
    }
    doc.contentHash = this.hash(plan, doc)
    const created = await this.payload.db.create({
      collection: plan.collection,
      data: structuredClone({ ...doc, createdAt: event.at, updatedAt: event.at }),
      req: this.req,
      select: { id: true },
    })
    const id = Number(created.id)
    const versionId = await this.saveVersion(plan, { id, doc: { ...doc, createdAt: event.at } }, event.at)
    return { id, doc: { ...doc, createdAt: event.at }, versionId }
  }

  /** A write that changes what is live (publish, unpublish): the document's row, then a new version. */
  private async live(plan: DocPlan, state: DocState, doc: Doc, at: string): Promise<DocState> {
    await this.payload.db.updateOne({
      collection: plan.collection,
      id: state.id,
      data: structuredClone({ ...doc, updatedAt: at }),
      req: this.req,
      returning: false,
    })
    return this.draft(plan, state, doc, at)
  }

  /** A draft save: a new newest version; the live row is untouched. */
  private async draft(plan: DocPlan, state: DocState, doc: Doc, at: string): Promise<DocState> {
    const versionId = await this.saveVersion(plan, { id: state.id, doc }, at)
    return { id: state.id, doc, versionId }
  }

  private async signOff(
    plan: DocPlan,
    state: DocState,
    event: Extract<PlanEvent, { kind: 'signOff' }>,
  ): Promise<DocState> {
    const options = this.options(plan)
    if (this.chainHead === undefined) throw new Error('BulkWriter.begin() must run first in each transaction.')
    const { subjectTitle, ...content } = signOffEntryContent({
      options,
      fields: signedFieldsOf(this.req, options),
      doc: { ...state.doc, id: state.id },
      versionId: state.versionId,
      decision: event.decision,
      comments: event.comments ?? null,
      reviewer: event.by,
      signedAt: new Date(event.at),
      reviewIntervalMonths: Number(state.doc.reviewIntervalMonths ?? options.defaultReviewIntervalMonths),
      clinicalEditors: await namesOf(this.req, state.doc.clinicalEditors),
      // As the workflow records a sign-off made by server code for a named reviewer.
      signature: { meaning: SIGNATURE_MEANINGS[event.decision], method: 'server' },
    })
    const entry = { ...content, previousHash: this.chainHead }
    const hash = entryHash(entry)
    const created = await this.payload.db.create({
      collection: options.reviewsSlug as 'reviews',
      data: { ...entry, subjectTitle, entryHash: hash, createdAt: event.at, updatedAt: event.at },
      req: this.req,
      select: { id: true },
    })
    this.chainHead = hash
    const approve = event.decision === 'approve'
    const doc: Doc = {
      ...state.doc,
      _status: 'draft',
      reviewStage: approve ? 'approved' : 'changes-requested',
      ...(approve
        ? { signOff: signOffFromEntry({ ...entry, id: created.id, entryHash: hash } as never), clinicalEditors: [] }
        : {}),
      lastDecision: {
        decision: event.decision,
        comments: event.comments ?? null,
        reviewerName: event.by.name,
        at: event.at,
      },
      checklist: checklistAfterDecision(
        state.doc,
        event.decision,
        event.comments ?? '',
        event.by.name,
        new Date(event.at),
        () => objectIdAt(event.at),
      ),
    }
    return this.draft(plan, state, doc, event.at)
  }

  /**
   * The writer answers a request, as the workflow's `answerChecklistItem` does: a draft save that
   * changes only that checklist item (no content, so the stage and `lastEdit` stay as they are).
   */
  private async answer(
    plan: DocPlan,
    state: DocState,
    event: Extract<PlanEvent, { kind: 'answer' }>,
  ): Promise<DocState> {
    const items = checklistOf(state.doc)
    const item = openRequest(items, event.request)
    if (!item) throw new Error(`${plan.collection} #${plan.index}: no open request "${event.request}" to answer.`)
    const checklist = items.map((candidate) =>
      candidate === item
        ? {
            ...candidate,
            answer: event.answer,
            answeredBy: event.by.name,
            answeredAt: event.at,
            state: 'answered' as const,
          }
        : candidate,
    )
    const hash = this.hash(plan, state.doc)
    const doc: Doc = {
      ...state.doc,
      _status: 'draft',
      contentHash: hash,
      reviewStage: stageAfterEdit(state.doc.reviewStage as ReviewStage, {
        changed: state.doc.contentHash !== hash,
        hash,
        signedHash: (state.doc.signOff as { hash?: string } | null)?.hash,
      }),
      checklist,
    }
    return this.draft(plan, state, doc, event.at)
  }

  private async publish(plan: DocPlan, state: DocState, event: PlanEvent): Promise<DocState> {
    const signOff = state.doc.signOff as { hash?: string; entry?: number } | undefined
    const hash = this.hash(plan, state.doc)
    // The plan only publishes signed content; anything else is a bug in the generator, not data.
    if (!signOff?.entry || signOff.hash !== hash) {
      throw new Error(`${plan.collection} #${plan.index}: the plan publishes content that is not signed off.`)
    }
    const next = await this.live(
      plan,
      state,
      { ...state.doc, _status: 'published', reviewStage: 'published' },
      event.at,
    )
    // A publish records the change note the reviewer approved, as the hooks do.
    const approval = await this.payload.db.findOne<{
      id: number
      changeNote?: string | null
      publicNote?: string | null
    }>({
      collection: this.options(plan).reviewsSlug as 'reviews',
      where: { id: { equals: signOff.entry } },
      req: this.req,
    })
    await this.record(plan, next, event, {
      action: 'publish',
      hash,
      signOff: next.doc.signOff as never,
      changeNote: approval?.changeNote ?? null,
      publicNote: approval?.publicNote ?? null,
    })
    await indexDocument(this.payload, this.searchEntry(plan, next), this.req)
    return next
  }

  private async unpublish(
    plan: DocPlan,
    state: DocState,
    event: Extract<PlanEvent, { kind: 'unpublish' }>,
  ): Promise<DocState> {
    // As the workflow's unpublish leaves it (the plan never withdraws the sign-off).
    const doc: Doc = { ...state.doc, _status: 'draft', reviewStage: 'unpublished' }
    const next = await this.live(plan, state, doc, event.at)
    await this.record(plan, next, event, { action: 'unpublish', reason: event.reason, withdrewSignOff: false })
    await removeDocument(this.payload, plan.collection, state.id, this.req)
    return next
  }

  private async record(plan: DocPlan, state: DocState, event: PlanEvent, record: PublicationRecord) {
    await this.payload.db.create({
      collection: this.options(plan).publicationsSlug as 'publications',
      data: {
        ...publicationData(this.options(plan), { ...state.doc, id: state.id }, record, {
          versionId: state.versionId,
          by: event.by.id,
          at: event.at,
        }),
        createdAt: event.at,
        updatedAt: event.at,
      },
      req: this.req,
      returning: false,
    })
  }

  private searchEntry(plan: DocPlan, state: DocState) {
    const doc: Doc = { ...state.doc, id: state.id }
    if (plan.collection === 'conditions') return conditionEntry(doc as unknown as Condition)
    const causes = (doc.causes as Array<Doc>).map((cause) => ({
      ...cause,
      // Only published conditions have a name here, as in the search hooks.
      conditions: (cause.conditions as number[]).flatMap((id) =>
        this.conditionNames.has(id) ? [{ id, name: this.conditionNames.get(id)! }] : [],
      ),
    }))
    return articleEntry({ ...doc, causes } as unknown as Article)
  }
}
