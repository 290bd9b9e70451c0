/**
 * Where a media document is *in use* — shown to readers or part of the medical record — in one
 * declarative place: the list of references below, and the one query built from it. Media in use
 * is immutable (collections/Media/hooks/keepMediaInUse.ts). `tests/int/mediaInUse.int.test.ts`
 * walks the running Payload config and fails when an upload, relationship to media or rich-text
 * field exists that this list neither covers nor exempts, or names a column the database lacks.
 *
 * Readers only ever see the main row of a published document (Payload writes drafts to the
 * version tables only), so drafts and version tables need no entry: an image used only by an
 * unpublished, unsigned draft may still change.
 */
import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { sqlRows } from '@/plugins/common/sql'

type SQL = ReturnType<typeof sql>

/** Why a use counts: a published page, a public profile, or the sign-off ledger. */
export type MediaUseKind = 'published-page' | 'public-profile' | 'sign-off'

/** For each collection whose documents can show media: which main rows readers see, and their title. */
export const SHOWN_ROWS = {
  articles: {
    table: 'articles',
    title: 'question',
    shownWhen: { column: '_status', equals: 'published' },
    as: 'published-page',
  },
  conditions: {
    table: 'conditions',
    title: 'name',
    shownWhen: { column: '_status', equals: 'published' },
    as: 'published-page',
  },
  users: { table: 'users', title: 'name', shownWhen: { column: 'public_profile', equals: true }, as: 'public-profile' },
} as const satisfies Record<
  string,
  { table: string; title: string; shownWhen: { column: string; equals: string | boolean }; as: MediaUseKind }
>

export type ShowingCollection = keyof typeof SHOWN_ROWS

/** A field that can hold a media document, and where Payload stores it. */
export interface MediaReference {
  collection: ShowingCollection
  /** The field's path in the collection config: dotted through named groups and arrays. */
  field: string
  /** `upload`: a column holding the media id; `richText`: Lexical JSON that may hold upload nodes. */
  kind: 'upload' | 'richText'
  /** The main table, or an array's table whose rows point at the main row by `_parent_id`. */
  table: string
  column: string
}

export const MEDIA_REFERENCES: readonly MediaReference[] = [
  { collection: 'articles', field: 'heroImage', kind: 'upload', table: 'articles', column: 'hero_image_id' },
  { collection: 'articles', field: 'meta.image', kind: 'upload', table: 'articles', column: 'meta_image_id' },
  { collection: 'articles', field: 'intro', kind: 'richText', table: 'articles', column: 'intro' },
  {
    collection: 'articles',
    field: 'causes.explanation',
    kind: 'richText',
    table: 'articles_causes',
    column: 'explanation',
  },
  { collection: 'articles', field: 'whenToSeekCare', kind: 'richText', table: 'articles', column: 'when_to_seek_care' },
  { collection: 'articles', field: 'takeaway', kind: 'richText', table: 'articles', column: 'takeaway' },
  { collection: 'conditions', field: 'body', kind: 'richText', table: 'conditions', column: 'body' },
  { collection: 'users', field: 'photo', kind: 'upload', table: 'users', column: 'photo_id' },
]

/**
 * The sign-off ledger: every entry's snapshot of the clinical fields, approving or not, for good.
 * Upload nodes are found anywhere in a snapshot; an upload *field* that is clinical content is
 * stored there as a bare id, which only its key tells apart from any other number, so each needs
 * an entry in `LEDGER_UPLOAD_FIELDS` (none is clinical today; the test demands one when it is).
 */
export const LEDGER = { collection: 'reviews', table: 'reviews', column: 'snapshot', title: 'subject_title' } as const

export const LEDGER_UPLOAD_FIELDS: ReadonlyArray<{ subjectCollection: string; field: string; jsonpath: string }> = []

/** Fields that can point at media but show nothing of it to readers, each with the reason. */
export const MEDIA_REFERENCE_EXEMPTIONS: ReadonlyArray<{ collection: string; field: string; reason: string }> = [
  {
    collection: 'payload-locked-documents',
    field: 'document',
    reason: "Payload's edit lock: it records who has a document open in the admin and is never shown to readers.",
  },
]

/**
 * An upload node of a Lexical rich-text value pointing at the media document `$id`, at any depth.
 * Lexical stores `value` as the id (`{ type: 'upload', relationTo: 'media', value: 12, … }`); a
 * populated document (`value: { id: 12, … }`) and a string id are matched too, since nothing
 * stops server code from storing either, and Payload populates all of them for readers.
 */
export const UPLOAD_NODE_JSONPATH =
  '$.** ? (@.type == "upload" && @.relationTo == "media" && (@.value == $id || @.value == $sid || @.value.id == $id || @.value.id == $sid))'

const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`)
const vars = sql`jsonb_build_object('id', wanted.id, 'sid', wanted.id::text)`

function matches(kind: MediaReference['kind'], alias: string, column: string): SQL {
  const value = sql`${ident(alias)}.${ident(column)}`
  return kind === 'upload'
    ? sql`${value} = wanted.id`
    : sql`jsonb_path_exists(${value}, ${UPLOAD_NODE_JSONPATH}::jsonpath, ${vars})`
}

function referenceQuery(reference: MediaReference): SQL {
  const shown = SHOWN_ROWS[reference.collection]
  const select = sql`SELECT wanted.id AS media, ${shown.as}::text AS "as", ${reference.collection}::text AS collection, doc.id::text AS id, doc.${ident(shown.title)}::text AS title, ${reference.field}::text AS field, NULL::int AS entry`
  const visible = sql`doc.${ident(shown.shownWhen.column)} = ${shown.shownWhen.equals}`
  if (reference.table === shown.table) {
    return sql`${select} FROM wanted JOIN ${ident(shown.table)} doc ON ${matches(reference.kind, 'doc', reference.column)} WHERE ${visible}`
  }
  return sql`${select} FROM wanted JOIN ${ident(reference.table)} item ON ${matches(reference.kind, 'item', reference.column)} JOIN ${ident(shown.table)} doc ON doc.id = item."_parent_id" WHERE ${visible}`
}

function ledgerQuery(): SQL {
  const snapshot = sql`doc.${ident(LEDGER.column)}`
  const uploadFields = LEDGER_UPLOAD_FIELDS.map(
    ({ subjectCollection, jsonpath }) =>
      sql` OR (doc.subject_collection = ${subjectCollection} AND jsonb_path_exists(${snapshot}, ${`${jsonpath} ? (@ == $id || @ == $sid)`}::jsonpath, ${vars}))`,
  )
  return sql`SELECT wanted.id AS media, 'sign-off'::text AS "as", doc.subject_collection::text AS collection, doc.subject_id::text AS id, doc.${ident(LEDGER.title)}::text AS title, 'snapshot'::text AS field, doc.id AS entry FROM wanted JOIN ${ident(LEDGER.table)} doc ON (jsonb_path_exists(${snapshot}, ${UPLOAD_NODE_JSONPATH}::jsonpath, ${vars})${sql.join(uploadFields)})`
}

/** The query: one row per (media id, use). Ids must be integers (they are interpolated as an array literal). */
export function mediaUsageQuery(ids: readonly number[]): SQL {
  if (!ids.every((id) => Number.isSafeInteger(id))) throw new Error(`Media ids must be integers: ${ids.join(', ')}`)
  const parts = [...MEDIA_REFERENCES.map(referenceQuery), ledgerQuery()]
  return sql`WITH wanted(id) AS (SELECT unnest(${`{${ids.join(',')}}`}::int[])) ${sql.join(parts, sql` UNION ALL `)}`
}

/** One place a media document is in use. For a sign-off, `collection`/`id`/`title` name the signed document. */
export interface MediaUse {
  media: number
  as: MediaUseKind
  collection: string
  id: string
  title: string | null
  field: string
  /** The ledger entry, for a sign-off. */
  entry: number | null
}

/** Every use of the media documents `ids`, read in `req`'s transaction. */
export async function findMediaUsage(req: PayloadRequest, ids: ReadonlyArray<number | string>): Promise<MediaUse[]> {
  const numeric = [...new Set(ids.map(Number))]
  if (!numeric.length) return []
  return sqlRows<MediaUse>(req.payload, mediaUsageQuery(numeric), req)
}
