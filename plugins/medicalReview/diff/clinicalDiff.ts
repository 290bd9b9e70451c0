/**
 * The reviewer's diff: what changed in the signed fields between the content last signed (or
 * last reviewed) and the content under review, word by word, as a clinician reads it.
 *
 * Pure: both sides are normalised exactly as the clinical hash normalises them
 * (`clinicalSnapshot`), so a document and a ledger snapshot compare alike and a field is listed
 * exactly when its content — what the hash covers — differs. Rich text is compared as plain text
 * block by block (paragraphs, headings, list items), images as "Image: <file>, "<alt>" (media id
 * N)" so swapping one shows; array rows are matched by content and labelled by their heading or
 * title. Only content appears: no hashes, sign-off ids, stages or other bookkeeping.
 */
import canonicalize from 'canonicalize'
import { diffArrays, diffWords } from 'diff'
import type { Field } from 'payload'

import { clinicalSnapshot, labelText, type SignedFields } from '../clinicalHash'

export interface DiffPart {
  value: string
  added?: boolean
  removed?: boolean
}

export type ChangeKind = 'text' | 'image' | 'added' | 'removed'

export interface FieldChange {
  /** The signed field's name (`causes`), or its dotted path for a field signed when set (`meta.title`). */
  field: string
  /** Where, as a person reads it: `Possible causes › Sciatica › Explanation`. */
  label: string
  kind: ChangeKind
  parts: DiffPart[]
}

/** What is known of documents the content points at: titles of related documents, file and alt of images. */
export interface DiffLookups {
  docs?: Record<string, Record<string, { title?: string | null; filename?: string | null; alt?: string | null }>>
}

/** Shown when a field's content differs only in what plain text cannot show (bold, a heading level). */
export const FORMATTING_ONLY = 'Formatting changed; the words are the same.'

const SEPARATOR = '\n'
const TITLE_FIELDS = ['heading', 'title', 'name']

type Data = Record<string, unknown>
interface Block {
  text: string
  image: boolean
  /** A reference (an image, a related document): replaced as a whole, never diffed word by word. */
  atomic?: boolean
}
type Op = { op: 'same' | 'changed'; a: number; b: number } | { op: 'removed'; a: number } | { op: 'added'; b: number }

const canonical = (value: unknown): string => canonicalize(value ?? null) ?? 'null'
const isObject = (value: unknown): value is Data => Boolean(value) && typeof value === 'object' && !Array.isArray(value)
const asRows = (value: unknown): Data[] => (Array.isArray(value) ? value.map((row) => (isObject(row) ? row : {})) : [])

/**
 * `input` — a document, or a snapshot whose signed-when-set fields sit under their dotted path —
 * normalised as the clinical hash sees it.
 */
export function asSnapshot(signed: SignedFields, input: Data): Data {
  const doc: Data = { ...input }
  for (const { path } of signed.whenSet) {
    if (!(path in input)) continue
    const keys = path.split('.')
    let target = doc
    for (const key of keys.slice(0, -1)) {
      target[key] = { ...(isObject(target[key]) ? target[key] : {}) }
      target = target[key] as Data
    }
    target[keys[keys.length - 1]!] = input[path]
  }
  return clinicalSnapshot(signed, doc)
}

// ——— what a value reads as ———

type Named = Field & { name: string }

/** The named fields of `fields`, looking through rows, collapsibles and unnamed tabs (as the snapshot does). */
function namedFields(fields: Field[]): Named[] {
  const out: Named[] = []
  for (const field of fields) {
    if (field.type === 'row' || field.type === 'collapsible') out.push(...namedFields(field.fields))
    else if (field.type === 'tabs') {
      for (const tab of field.tabs) {
        if ('name' in tab && tab.name) out.push({ ...tab, type: 'group', name: tab.name } as unknown as Named)
        else out.push(...namedFields(tab.fields))
      }
    } else if ('name' in field && field.name && field.name !== 'id') out.push(field as Named)
  }
  return out
}

function documentText(collection: string, value: unknown, lookups: DiffLookups, image: boolean): string {
  const id = isObject(value) ? value.id : value
  const known: Data = lookups.docs?.[collection]?.[String(id)] ?? (isObject(value) ? value : {})
  const { title, filename, alt } = known
  const ref = `${collection} id ${String(id)}`
  if (image) {
    const names = [typeof filename === 'string' && filename, typeof alt === 'string' && alt && `"${alt}"`]
    const name = names.filter(Boolean).join(', ')
    return name ? `Image: ${name} (${ref})` : `Image (${ref})`
  }
  return typeof title === 'string' && title ? `${title} (${ref})` : ref
}

interface LexicalNode {
  type?: string
  text?: string
  children?: LexicalNode[]
  relationTo?: string
  value?: unknown
  listType?: string
  checked?: boolean
  fields?: { url?: unknown; linkType?: unknown; doc?: { relationTo?: string; value?: unknown } | null } | null
}

const BLOCK_TYPES = new Set(['paragraph', 'heading', 'quote', 'list', 'listitem', 'upload', 'horizontalrule', 'table'])

function inlineText(node: LexicalNode, lookups: DiffLookups): string {
  switch (node.type) {
    case 'text':
      return node.text ?? ''
    case 'linebreak':
      return '\n'
    case 'tab':
      return '\t'
    case 'upload':
      return documentText(node.relationTo ?? 'media', node.value, lookups, true)
    case 'link':
    case 'autolink': {
      const inner = (node.children ?? []).map((child) => inlineText(child, lookups)).join('')
      const target =
        node.fields?.linkType === 'internal'
          ? node.fields.doc
            ? documentText(node.fields.doc.relationTo ?? '', node.fields.doc.value, lookups, false)
            : ''
          : typeof node.fields?.url === 'string'
            ? node.fields.url
            : ''
      return target && target !== inner ? `${inner} <${target}>` : inner
    }
    default:
      return (node.children ?? []).map((child) => inlineText(child, lookups)).join('')
  }
}

function listBlocks(list: LexicalNode, lookups: DiffLookups, depth: number): Block[] {
  const blocks: Block[] = []
  let number = 0
  for (const item of list.children ?? []) {
    const nested = (item.children ?? []).filter((child) => child.type === 'list')
    const own = (item.children ?? []).filter((child) => child.type !== 'list')
    if (own.length) {
      number += 1
      const marker =
        list.listType === 'number' ? `${number}. ` : list.listType === 'check' ? (item.checked ? '☑ ' : '☐ ') : '• '
      const text = own.map((child) => inlineText(child, lookups)).join('')
      blocks.push({ text: `${'  '.repeat(depth)}${marker}${text}`, image: false })
    }
    for (const child of nested) blocks.push(...listBlocks(child, lookups, depth + 1))
  }
  return blocks
}

function nodeBlocks(node: LexicalNode, lookups: DiffLookups): Block[] {
  if (node.type === 'upload') return [{ text: inlineText(node, lookups), image: true, atomic: true }]
  if (node.type === 'list') return listBlocks(node, lookups, 0)
  if (node.type === 'horizontalrule') return [{ text: '———', image: false }]
  const children = node.children ?? []
  if (children.some((child) => child.type !== undefined && BLOCK_TYPES.has(child.type) && child.type !== 'listitem')) {
    return children.flatMap((child) => nodeBlocks(child, lookups))
  }
  if (node.type === 'table' || node.type === 'tablerow') return children.flatMap((child) => nodeBlocks(child, lookups))
  const text = inlineText(node, lookups)
  return text.trim() ? [{ text, image: false }] : []
}

function richTextBlocks(value: unknown, lookups: DiffLookups): Block[] {
  const root = isObject(value) ? (value.root as LexicalNode | undefined) : undefined
  return (root?.children ?? []).flatMap((node) => nodeBlocks(node, lookups))
}

const relationItem = (field: Field, item: unknown): { collection: string; value: unknown } => {
  if (isObject(item) && 'relationTo' in item) return { collection: String(item.relationTo), value: item.value }
  const relationTo = 'relationTo' in field ? field.relationTo : ''
  return { collection: Array.isArray(relationTo) ? String(relationTo[0]) : String(relationTo), value: item }
}

/** `value` of `field` as blocks of plain text, each compared as one unit. */
function blocksOf(field: Field, value: unknown, lookups: DiffLookups): Block[] {
  if (value === null || value === undefined || value === '') return []
  switch (field.type) {
    case 'richText':
      return richTextBlocks(value, lookups)
    case 'upload':
    case 'relationship': {
      const items = Array.isArray(value) ? value : [value]
      return items.map((item) => {
        const { collection, value: target } = relationItem(field, item)
        const image = field.type === 'upload'
        return { text: documentText(collection, target, lookups, image), image, atomic: true }
      })
    }
    case 'checkbox':
      return [{ text: value ? 'Yes' : 'No', image: false }]
    case 'array':
    case 'group':
    case 'blocks':
      return rowText(field, value, lookups)
        .split(SEPARATOR)
        .map((text) => ({ text, image: false }))
    default:
      if (Array.isArray(value)) return value.map((item) => ({ text: String(item), image: false }))
      if (typeof value === 'object') return [{ text: canonical(value), image: false }]
      return [{ text: String(value), image: false }]
  }
}

function subfieldsOf(field: Field, row: Data): Field[] {
  if (field.type === 'blocks') return field.blocks.find((block) => block.slug === row.blockType)?.fields ?? []
  return 'fields' in field ? (field.fields as Field[]) : []
}

/** One row of an array or blocks field (or a group's value) as "Label: text" lines. */
function rowLines(field: Field, row: Data, lookups: DiffLookups): string {
  return namedFields(subfieldsOf(field, row))
    .map((sub) => {
      const text = blocksOf(sub, row[sub.name], lookups)
        .map((block) => block.text)
        .join(SEPARATOR)
      return text ? `${labelText(sub)}: ${text}` : ''
    })
    .filter(Boolean)
    .join(SEPARATOR)
}

/** The value of an array, blocks or group field as "Label: text" lines. */
function rowText(field: Field, value: unknown, lookups: DiffLookups): string {
  if (field.type === 'array' || field.type === 'blocks') {
    return asRows(value)
      .map((row) => rowLines(field, row, lookups))
      .join(SEPARATOR)
  }
  return rowLines(field, isObject(value) ? value : {}, lookups)
}

// ——— aligning before and after ———

/** How alike two texts are, 0…1, by the words they share. */
function similarity(a: string, b: string): number {
  if (!a && !b) return 1
  const common = diffWords(a, b)
    .filter((part) => !part.added && !part.removed)
    .reduce((sum, part) => sum + part.value.length, 0)
  return (2 * common) / (a.length + b.length)
}

/**
 * `before` and `after` aligned: unchanged items by their key (longest common subsequence), and
 * in each stretch between them the removed and added items paired where one is plausibly an
 * edit of the other — in order when the counts agree, otherwise by likeness.
 */
function align<T>(
  before: T[],
  after: T[],
  key: (item: T) => string,
  alike: (a: T, b: T) => number,
  pairable: (a: T, b: T) => boolean = () => true,
): Op[] {
  const ops: Op[] = []
  let a = 0
  let b = 0
  let removed: number[] = []
  let added: number[] = []
  const flush = () => {
    if (removed.length === added.length) {
      removed.forEach((ai, index) => {
        const bi = added[index]!
        if (pairable(before[ai]!, after[bi]!)) ops.push({ op: 'changed', a: ai, b: bi })
        else ops.push({ op: 'removed', a: ai }, { op: 'added', b: bi })
      })
    } else {
      let next = 0
      let pending: number[] = []
      for (const ai of removed) {
        const match = added
          .slice(next)
          .findIndex((bi) => pairable(before[ai]!, after[bi]!) && alike(before[ai]!, after[bi]!) >= 0.5)
        if (match < 0) {
          pending.push(ai)
          continue
        }
        ops.push(...pending.map((index) => ({ op: 'removed' as const, a: index })))
        pending = []
        ops.push(...added.slice(next, next + match).map((index) => ({ op: 'added' as const, b: index })))
        ops.push({ op: 'changed', a: ai, b: added[next + match]! })
        next += match + 1
      }
      ops.push(...pending.map((index) => ({ op: 'removed' as const, a: index })))
      ops.push(...added.slice(next).map((index) => ({ op: 'added' as const, b: index })))
    }
    removed = []
    added = []
  }
  for (const part of diffArrays(before.map(key), after.map(key))) {
    const count = part.value.length
    if (part.removed) for (let i = 0; i < count; i++) removed.push(a++)
    else if (part.added) for (let i = 0; i < count; i++) added.push(b++)
    else {
      flush()
      for (let i = 0; i < count; i++) ops.push({ op: 'same', a: a++, b: b++ })
    }
  }
  flush()
  return ops
}

const wordParts = (before: string, after: string): DiffPart[] =>
  diffWords(before, after).map((part) =>
    part.added
      ? { value: part.value, added: true }
      : part.removed
        ? { value: part.value, removed: true }
        : { value: part.value },
  )

/** The changed blocks, word by word within a block that was edited; unchanged blocks left out. */
function diffBlocks(before: Block[], after: Block[]): { parts: DiffPart[]; imagesOnly: boolean } {
  const ops = align(
    before,
    after,
    (block) => `${block.image ? 'i' : 't'}${block.text}`,
    (x, y) => similarity(x.text, y.text),
    (x, y) => !x.atomic && !y.atomic,
  )
  const parts: DiffPart[] = []
  let imagesOnly = true
  for (const op of ops) {
    if (op.op === 'same') continue
    if (parts.length) parts.push({ value: SEPARATOR })
    if (op.op === 'changed') {
      imagesOnly = false
      parts.push(...wordParts(before[op.a]!.text, after[op.b]!.text))
    } else if (op.op === 'removed') {
      imagesOnly &&= before[op.a]!.image
      parts.push({ value: before[op.a]!.text, removed: true })
    } else {
      imagesOnly &&= after[op.b]!.image
      parts.push({ value: after[op.b]!.text, added: true })
    }
  }
  return { parts, imagesOnly }
}

// ——— walking the fields ———

interface Context {
  field: string
  lookups: DiffLookups
}

function leafChange(field: Field, label: string, before: unknown, after: unknown, context: Context): FieldChange[] {
  if (canonical(before) === canonical(after)) return []
  const a = blocksOf(field, before, context.lookups)
  const b = blocksOf(field, after, context.lookups)
  const { parts, imagesOnly } = diffBlocks(a, b)
  if (!parts.length) return [{ field: context.field, label, kind: 'text', parts: [{ value: FORMATTING_ONLY }] }]
  const kind: ChangeKind = imagesOnly ? 'image' : !a.length ? 'added' : !b.length ? 'removed' : 'text'
  return [{ field: context.field, label, kind, parts }]
}

function singularOf(field: Field): string {
  const labels = 'labels' in field ? (field.labels as { singular?: unknown } | undefined) : undefined
  if (typeof labels?.singular === 'string') return labels.singular
  return 'Row'
}

/** A row's name in a label: its heading or title when it has one, else "Cause 2". */
function rowName(field: Field, row: Data, index: number): string {
  const titled = namedFields(subfieldsOf(field, row)).find(
    (sub) => TITLE_FIELDS.includes(sub.name) && typeof row[sub.name] === 'string' && String(row[sub.name]).trim(),
  )
  if (titled) return String(row[titled.name]).trim()
  const block = field.type === 'blocks' ? field.blocks.find((candidate) => candidate.slug === row.blockType) : undefined
  const singular = block && typeof block.labels?.singular === 'string' ? block.labels.singular : singularOf(field)
  return `${singular} ${index + 1}`
}

function rowsChanges(field: Field, label: string, before: unknown, after: unknown, context: Context): FieldChange[] {
  const a = asRows(before)
  const b = asRows(after)
  const title = (row: Data) => {
    const name = namedFields(subfieldsOf(field, row)).find((sub) => TITLE_FIELDS.includes(sub.name))
    return name && typeof row[name.name] === 'string' ? String(row[name.name]).trim() : ''
  }
  const ops = align(
    a,
    b,
    canonical,
    (x, y) =>
      title(x) && title(x) === title(y)
        ? 1
        : similarity(rowLines(field, x, context.lookups), rowLines(field, y, context.lookups)),
    (x, y) => field.type !== 'blocks' || x.blockType === y.blockType,
  )
  const changes: FieldChange[] = []
  for (const op of ops) {
    if (op.op === 'changed') {
      const rowLabel = `${label} › ${rowName(field, b[op.b]!, op.b)}`
      changes.push(...fieldsChanges(subfieldsOf(field, b[op.b]!), rowLabel, a[op.a]!, b[op.b]!, context))
    } else if (op.op === 'removed') {
      const text = rowLines(field, a[op.a]!, context.lookups)
      changes.push({
        field: context.field,
        label: `${label} › ${rowName(field, a[op.a]!, op.a)}`,
        kind: 'removed',
        parts: [{ value: text, removed: true }],
      })
    } else if (op.op === 'added') {
      const text = rowLines(field, b[op.b]!, context.lookups)
      changes.push({
        field: context.field,
        label: `${label} › ${rowName(field, b[op.b]!, op.b)}`,
        kind: 'added',
        parts: [{ value: text, added: true }],
      })
    }
  }
  return changes
}

function fieldChanges(field: Field, label: string, before: unknown, after: unknown, context: Context): FieldChange[] {
  if (canonical(before) === canonical(after)) return []
  if (field.type === 'array' || field.type === 'blocks') return rowsChanges(field, label, before, after, context)
  if (field.type === 'group') {
    const a = isObject(before) ? before : {}
    const b = isObject(after) ? after : {}
    return fieldsChanges(field.fields, label, a, b, context)
  }
  return leafChange(field, label, before, after, context)
}

function fieldsChanges(fields: Field[], prefix: string, before: Data, after: Data, context: Context): FieldChange[] {
  return namedFields(fields).flatMap((sub) =>
    fieldChanges(sub, `${prefix} › ${labelText(sub)}`, before[sub.name], after[sub.name], context),
  )
}

/**
 * What changed in the signed fields from `before` (the content last signed or reviewed) to
 * `after` (the content under review), per field in field order; unchanged fields are left out.
 * Either side may be a document or a ledger snapshot.
 */
export function clinicalDiff(
  signed: SignedFields,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  lookups: DiffLookups = {},
): FieldChange[] {
  const a = asSnapshot(signed, before)
  const b = asSnapshot(signed, after)
  return [
    ...signed.fields.flatMap((field) => {
      if (!('name' in field)) return []
      return fieldChanges(field, labelText(field), a[field.name], b[field.name], { field: field.name, lookups })
    }),
    ...signed.whenSet.flatMap(({ path, field, label }) =>
      leafChange(field, label, a[path], b[path], { field: path, lookups }),
    ),
  ]
}

/** The documents both sides point at (images, related documents), by collection: what `DiffLookups` describes. */
export function referencedDocuments(
  signed: SignedFields,
  ...docs: Array<Record<string, unknown>>
): Record<string, Array<number | string>> {
  const found = new Map<string, Set<string>>()
  const ids = new Map<string, Map<string, number | string>>()
  const add = (collection: string, value: unknown) => {
    const id = isObject(value) ? value.id : value
    if (typeof id !== 'number' && typeof id !== 'string') return
    if (!found.has(collection)) {
      found.set(collection, new Set())
      ids.set(collection, new Map())
    }
    found.get(collection)!.add(String(id))
    ids.get(collection)!.set(String(id), id)
  }
  const visitNode = (node: LexicalNode) => {
    if (node.type === 'upload') add(node.relationTo ?? 'media', node.value)
    if (node.fields?.linkType === 'internal' && node.fields.doc?.relationTo)
      add(node.fields.doc.relationTo, node.fields.doc.value)
    node.children?.forEach(visitNode)
  }
  const visit = (field: Field, value: unknown) => {
    if (value === null || value === undefined) return
    switch (field.type) {
      case 'richText':
        if (isObject(value) && isObject(value.root)) visitNode(value.root as LexicalNode)
        return
      case 'upload':
      case 'relationship':
        for (const item of Array.isArray(value) ? value : [value]) {
          const { collection, value: target } = relationItem(field, item)
          add(collection, target)
        }
        return
      case 'array':
      case 'blocks':
        for (const row of asRows(value))
          for (const sub of namedFields(subfieldsOf(field, row))) visit(sub, row[sub.name])
        return
      case 'group':
        if (isObject(value)) for (const sub of namedFields(field.fields)) visit(sub, value[sub.name])
        return
      default:
        return
    }
  }
  for (const doc of docs) {
    const snapshot = asSnapshot(signed, doc)
    for (const field of signed.fields) if ('name' in field) visit(field, snapshot[field.name])
    for (const { path, field } of signed.whenSet) visit(field, snapshot[path])
  }
  return Object.fromEntries([...ids].map(([collection, map]) => [collection, [...map.values()]]))
}
