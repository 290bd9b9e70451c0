/**
 * Who may do what: the one table every collection's access functions are built from
 * (`./fromMatrix.ts`), and the same table the access tests walk, cell by cell, through the Local
 * API, REST and GraphQL (tests/int/accessMatrix.int.test.ts). Change a permission here, nowhere else.
 *
 * A user holding several roles gets the most permissive grant among them. A logged-in user with
 * no role counts as anonymous.
 */
import type { Role } from './roles'

export const WHO = ['anonymous', 'writer', 'reviewer', 'editor', 'admin'] as const
export type Who = (typeof WHO)[number]

export const OPERATIONS = [
  'create',
  'read',
  'readDrafts',
  'update',
  'delete',
  'publish',
  'schedule',
  'signOff',
  'unlock',
  'admin',
] as const
export type Operation = (typeof OPERATIONS)[number]

/**
 * - `all` / `none`: every document / nothing.
 * - `published`: only published documents (drafts and versions stay hidden).
 * - `public-profiles`: only people who ticked "public profile".
 * - `self`: only the user's own record (or, for preferences, their own preferences).
 * - `publish-records`: only the publish entries of the publication record (its article history).
 * - `assigned`: only documents assigned to this reviewer for review, never their own.
 * - `recipient`: only notifications addressed to this user.
 * - `n/a`: the operation does not exist for the collection.
 */
export type Grant =
  'all' | 'none' | 'published' | 'public-profiles' | 'self' | 'publish-records' | 'assigned' | 'recipient' | 'n/a'

export const COLLECTIONS = [
  'users',
  'articles',
  'conditions',
  'symptoms',
  'media',
  'reviews',
  'publications',
  'review-events',
  'notifications',
  'feedback',
  'reference-checks',
  'payload-preferences',
  'payload-locked-documents',
  'payload-jobs',
] as const
export type MatrixCollection = (typeof COLLECTIONS)[number]

type Row = Record<Who, Grant>

/** A row from anonymous, writer, reviewer, editor, admin, in that order. */
const row = (anonymous: Grant, writer: Grant, reviewer: Grant, editor: Grant, admin: Grant): Row => ({
  anonymous,
  writer,
  reviewer,
  editor,
  admin,
})
const NA = row('n/a', 'n/a', 'n/a', 'n/a', 'n/a')
const NOBODY = row('none', 'none', 'none', 'none', 'none')
const STAFF = row('none', 'all', 'all', 'all', 'all')
const WRITERS = row('none', 'all', 'none', 'all', 'all')
const EDITORS = row('none', 'none', 'none', 'all', 'all')
const ADMINS = row('none', 'none', 'none', 'none', 'all')

/** The reviewable collections: drafts written by writers, signed off by reviewers, published by editors. */
const REVIEWABLE: Record<Operation, Row> = {
  create: WRITERS,
  read: row('published', 'all', 'all', 'all', 'all'),
  readDrafts: STAFF,
  update: WRITERS,
  delete: EDITORS,
  publish: EDITORS,
  /** Publish or unpublish at a set time (the review panel; an unpublish with its reason). */
  schedule: EDITORS,
  signOff: row('none', 'none', 'assigned', 'none', 'none'),
  unlock: NA,
  admin: NA,
}

export const ACCESS: Record<MatrixCollection, Record<Operation, Row>> = {
  users: {
    create: ADMINS,
    read: row('public-profiles', 'all', 'all', 'all', 'all'),
    readDrafts: NA,
    update: row('none', 'self', 'self', 'self', 'all'),
    delete: ADMINS,
    publish: NA,
    schedule: NA,
    signOff: NA,
    unlock: ADMINS,
    admin: STAFF,
  },
  articles: REVIEWABLE,
  conditions: REVIEWABLE,
  symptoms: {
    create: EDITORS,
    read: row('all', 'all', 'all', 'all', 'all'),
    readDrafts: NA,
    update: EDITORS,
    delete: EDITORS,
    publish: NA,
    schedule: NA,
    signOff: NA,
    unlock: NA,
    admin: NA,
  },
  media: {
    create: STAFF,
    read: row('all', 'all', 'all', 'all', 'all'),
    readDrafts: NA,
    update: STAFF,
    delete: EDITORS,
    publish: NA,
    schedule: NA,
    signOff: NA,
    unlock: NA,
    admin: NA,
  },
  reviews: {
    create: NOBODY,
    read: STAFF,
    readDrafts: NA,
    update: NOBODY,
    delete: NOBODY,
    publish: NA,
    schedule: NA,
    signOff: NA,
    unlock: NA,
    admin: NA,
  },
  publications: {
    create: NOBODY,
    read: row('publish-records', 'all', 'all', 'all', 'all'),
    readDrafts: NA,
    update: NOBODY,
    delete: NOBODY,
    publish: NA,
    schedule: NA,
    signOff: NA,
    unlock: NA,
    admin: NA,
  },
  // The review timeline: written only by the workflow, in the step's transaction.
  'review-events': {
    create: NOBODY,
    read: STAFF,
    readDrafts: NA,
    update: NOBODY,
    delete: NOBODY,
    publish: NA,
    schedule: NA,
    signOff: NA,
    unlock: NA,
    admin: NA,
  },
  // Each person's own notices; they may mark them read (the only field they may change).
  notifications: {
    create: NOBODY,
    read: row('none', 'recipient', 'recipient', 'recipient', 'recipient'),
    readDrafts: NA,
    update: row('none', 'recipient', 'recipient', 'recipient', 'recipient'),
    delete: NOBODY,
    publish: NA,
    schedule: NA,
    signOff: NA,
    unlock: NA,
    admin: NA,
  },
  // Reader feedback: written only by the site's feedback form (as the server); editors work the queue.
  feedback: {
    create: NOBODY,
    read: EDITORS,
    readDrafts: NA,
    update: EDITORS,
    delete: ADMINS,
    publish: NA,
    schedule: NA,
    signOff: NA,
    unlock: NA,
    admin: NA,
  },
  // Written only by the reference-health job; staff read it, readers never.
  'reference-checks': {
    create: NOBODY,
    read: STAFF,
    readDrafts: NA,
    update: NOBODY,
    delete: NOBODY,
    publish: NA,
    schedule: NA,
    signOff: NA,
    unlock: NA,
    admin: NA,
  },
  // Payload's own collections: access is Payload's (not configurable); the table states what
  // the tests hold it to.
  'payload-preferences': {
    create: row('none', 'self', 'self', 'self', 'self'),
    read: row('none', 'self', 'self', 'self', 'self'),
    readDrafts: NA,
    update: row('none', 'self', 'self', 'self', 'self'),
    delete: row('none', 'self', 'self', 'self', 'self'),
    publish: NA,
    schedule: NA,
    signOff: NA,
    unlock: NA,
    admin: NA,
  },
  'payload-locked-documents': {
    create: STAFF,
    read: STAFF,
    readDrafts: NA,
    // Someone else's live lock: taking it over or deleting it is an override, for admins only
    // (plugins/medicalReview/documentLocks.ts). One's own lock, or an expired one, anyone may.
    update: ADMINS,
    delete: ADMINS,
    publish: NA,
    schedule: NA,
    signOff: NA,
    unlock: NA,
    admin: NA,
  },
  'payload-jobs': {
    create: NOBODY,
    read: EDITORS,
    readDrafts: NA,
    update: NOBODY,
    delete: NOBODY,
    publish: NA,
    /** Queue, run or cancel jobs through Payload's jobs API (`jobs.access`). */
    schedule: EDITORS,
    signOff: NA,
    unlock: NA,
    admin: NA,
  },
}

/**
 * Payload's globals. We define none; Payload adds `payload-jobs-stats` (when each scheduled task
 * last ran) and would give it its default access — any logged-in user may update it — although
 * a bad value there stops every scheduled job. `access/globalAccess.ts` applies these rows to the
 * running config and refuses to start with a global missing from this table.
 */
export const GLOBALS = ['payload-jobs-stats'] as const
export type MatrixGlobal = (typeof GLOBALS)[number]

export const GLOBAL_OPERATIONS = ['read', 'update'] as const
export type GlobalOperation = (typeof GLOBAL_OPERATIONS)[number]

export const GLOBAL_ACCESS: Record<MatrixGlobal, Record<GlobalOperation, Row>> = {
  // Only the job runner writes it, straight through the database adapter.
  'payload-jobs-stats': { read: ADMINS, update: NOBODY },
}

/**
 * Payload's admin server functions: what the admin panel calls on the server (a Next.js server
 * action). Payload lets anyone who may use the admin call any of them, so what each may do is
 * bounded by the rows it reaches, listed in `governedBy` (collection, operation) — the table
 * above, enforced by access and hooks whatever the path. The access tests fail when Payload adds
 * a server function this list does not name.
 */
export const ADMIN_SERVER_FUNCTIONS: Record<
  string,
  { does: string; governedBy: Array<[MatrixCollection, Operation]> }
> = {
  'copy-data-from-locale': {
    does: "Copies one locale's draft into another and saves it as a draft, with the caller's access (no locales are configured).",
    governedBy: [
      ['articles', 'update'],
      ['conditions', 'update'],
      ['articles', 'publish'],
      ['conditions', 'publish'],
    ],
  },
  'form-state': {
    does: "Builds an edit form's state: reads with the caller's access, writes nothing.",
    governedBy: [],
  },
  'get-default-layout': { does: "Reads the dashboard's widget layout; writes nothing.", governedBy: [] },
  'get-folder-results-component-and-data': {
    does: 'Lists folder contents (no collection uses folders); writes nothing.',
    governedBy: [],
  },
  'get-upcoming-scheduled-publish': {
    does: "Lists Payload's own scheduled publish jobs of a document; refused, as no collection enables Payload's schedule drawer.",
    governedBy: [['payload-jobs', 'read']],
  },
  'render-document': {
    does: "Renders an edit view with the caller's access; opening a new document of a collection with autosave creates its draft.",
    governedBy: [
      ['articles', 'create'],
      ['conditions', 'create'],
    ],
  },
  'render-document-slots': { does: "Renders an edit view's slots; writes nothing.", governedBy: [] },
  'render-field': { does: 'Renders one field; writes nothing.', governedBy: [] },
  'render-list': { does: "Renders a list view with the caller's access; writes nothing.", governedBy: [] },
  'render-widget': { does: 'Renders a dashboard widget; writes nothing.', governedBy: [] },
  'schedule-publish': {
    does: "Payload's schedule drawer: deletes and queues jobs of its own `schedulePublish` task, without access checks. No collection enables that task — scheduling is the review panel's, which asks an unpublish for its reason, and the review plugin refuses a collection that enables it — so it can reach no job.",
    governedBy: [],
  },
  slugify: { does: 'Turns text into a slug; reads and writes nothing.', governedBy: [] },
  'table-state': { does: "Builds a list table's state with the caller's access; writes nothing.", governedBy: [] },
}

/** Who `user` counts as: each role they hold, or anonymous. */
export function whoIs(user: { roles?: readonly string[] | null } | null | undefined): Who[] {
  const roles = (user?.roles ?? []).filter(
    (role): role is Role => (WHO as readonly string[]).includes(role) && role !== 'anonymous',
  )
  return roles.length ? roles : ['anonymous']
}

const RANK: Record<Grant, number> = {
  'n/a': 0,
  none: 1,
  assigned: 2,
  self: 2,
  recipient: 2,
  'publish-records': 3,
  'public-profiles': 3,
  published: 3,
  all: 9,
}

/** The grants `user` has for one operation on one collection, most permissive first. */
export function grantsFor(
  collection: MatrixCollection,
  operation: Operation,
  user: Parameters<typeof whoIs>[0],
): Grant[] {
  const grants = [...new Set(whoIs(user).map((who) => ACCESS[collection][operation][who]))]
  return grants.sort((a, b) => RANK[b] - RANK[a])
}

/** True when `user` may do `operation` on `collection` for every document. */
export function mayAll(collection: MatrixCollection, operation: Operation, user: Parameters<typeof whoIs>[0]): boolean {
  return grantsFor(collection, operation, user)[0] === 'all'
}

/** True when `user` may do `operation` on the global `slug`. */
export function mayGlobal(slug: MatrixGlobal, operation: GlobalOperation, user: Parameters<typeof whoIs>[0]): boolean {
  return whoIs(user).some((who) => GLOBAL_ACCESS[slug][operation][who] === 'all')
}
