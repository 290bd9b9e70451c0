/**
 * The clinical hash: what a sign-off is bound to.
 *
 * SHA-256 over RFC 8785 canonical JSON (the `canonicalize` library) of a document's clinical
 * fields only, normalised by their schema so that storage details do not count as content:
 * array row ids are dropped, relationships are reduced to the ids they point at whether or not
 * they were populated, and a missing value equals null. Everything else — every character of a
 * rich-text explanation, the order of causes, a reference URL — is content and changes the hash.
 * Fields "signed when set" (an SEO title that replaces the question in search results) join the
 * snapshot under their dotted path once they hold a value.
 */
import { createHash } from 'node:crypto'

import canonicalize from 'canonicalize'
import type { Field } from 'payload'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

const idOf = (value: unknown): Json => {
  if (value && typeof value === 'object' && 'id' in value) return (value as { id: number | string }).id
  return (value ?? null) as Json
}

function relationValue(value: unknown, polymorphic: boolean): Json {
  if (polymorphic && value && typeof value === 'object' && 'relationTo' in value) {
    const { relationTo, value: target } = value as { relationTo: string; value: unknown }
    return { relationTo, value: idOf(target) }
  }
  return idOf(value)
}

/** `value` reduced to its content according to `field`. */
function normaliseField(field: Field, value: unknown): Json {
  switch (field.type) {
    case 'array':
      return Array.isArray(value)
        ? value.map((row) => normaliseFields(field.fields, (row ?? {}) as Record<string, unknown>))
        : []
    case 'group':
      return normaliseFields(field.fields, (value ?? {}) as Record<string, unknown>)
    case 'relationship':
    case 'upload': {
      const polymorphic = Array.isArray(field.relationTo)
      if (field.hasMany) return Array.isArray(value) ? value.map((item) => relationValue(item, polymorphic)) : []
      return relationValue(value, polymorphic)
    }
    case 'blocks':
      return Array.isArray(value)
        ? value.map((block) => {
            const { blockType, ...rest } = (block ?? {}) as Record<string, unknown> & { blockType?: string }
            const config = field.blocks.find((candidate) => candidate.slug === blockType)
            return { blockType: blockType ?? null, ...(config ? (normaliseFields(config.fields, rest) as object) : {}) }
          })
        : []
    default:
      return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json)
  }
}

/** The named fields among `fields` (looking through rows, collapsibles and unnamed tabs), normalised. */
function normaliseFields(fields: Field[], data: Record<string, unknown>): { [key: string]: Json } {
  const out: { [key: string]: Json } = {}
  for (const field of fields) {
    if (field.type === 'row' || field.type === 'collapsible') {
      Object.assign(out, normaliseFields(field.fields, data))
    } else if (field.type === 'tabs') {
      for (const tab of field.tabs) {
        if ('name' in tab && tab.name)
          out[tab.name] = normaliseFields(tab.fields, (data[tab.name] ?? {}) as Record<string, unknown>)
        else Object.assign(out, normaliseFields(tab.fields, data))
      }
    } else if ('name' in field && field.name && field.name !== 'id') {
      out[field.name] = normaliseField(field, data[field.name])
    }
  }
  return out
}

/** The configs of `names` anywhere in a collection's (possibly nested-in-layout) fields. */
export function pickFields(fields: Field[], names: readonly string[]): Field[] {
  const found: Field[] = []
  const visit = (list: Field[]) => {
    for (const field of list) {
      if (field.type === 'row' || field.type === 'collapsible') visit(field.fields)
      else if (field.type === 'tabs') for (const tab of field.tabs) if (!('name' in tab && tab.name)) visit(tab.fields)
      if ('name' in field && names.includes(field.name)) found.push(field)
    }
  }
  visit(fields)
  const missing = names.filter((name) => !found.some((field) => 'name' in field && field.name === name))
  if (missing.length) throw new Error(`Clinical fields not found in the collection: ${missing.join(', ')}`)
  return names.map((name) => found.find((field) => 'name' in field && field.name === name)!)
}

/** A field signed only while it holds a value, by its dotted path (`meta.title`). */
export interface WhenSetField {
  path: string
  field: Field
  /** Its label as a person reads it in a refusal ("SEO title"). */
  label: string
}

/** What a sign-off covers in one collection (see the plugin's `clinicalFields` and `signedWhenSet`). */
export interface SignedFields {
  /** Always part of the snapshot; a missing value counts as null. */
  fields: Field[]
  /** Part of the snapshot under their path only while they hold a value. */
  whenSet: WhenSetField[]
}

export const labelText = (field: Field): string => {
  const label = 'label' in field ? field.label : undefined
  if (typeof label === 'string') return label
  const name = 'name' in field ? field.name : 'field'
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase())
}

/** The field at a dotted path through named groups (`meta.title`), with its label. */
function pickPath(fields: Field[], path: string): WhenSetField {
  const [head, ...rest] = path.split('.')
  const [field] = pickFields(fields, [head!])
  if (!rest.length) return { path, field: field!, label: labelText(field!) }
  if (field!.type !== 'group' || !('name' in field!))
    throw new Error(`Clinical field path ${path}: ${head} is not a named group.`)
  const inner = pickPath(field!.fields, rest.join('.'))
  return { path, field: inner.field, label: `${labelText(field!)} ${inner.label.toLowerCase()}` }
}

/** The signed fields of a collection, from its field configs. */
export function pickSignedFields(
  collectionFields: Field[],
  names: readonly string[],
  whenSet: readonly string[] = [],
): SignedFields {
  return {
    fields: pickFields(collectionFields, names),
    whenSet: whenSet.map((path) => pickPath(collectionFields, path)),
  }
}

const valueAt = (doc: Record<string, unknown>, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined),
      doc,
    )

const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)

/**
 * The clinical content of `doc`, as it is hashed and snapshotted into the ledger. Fields signed
 * only when set are left out while empty: adding one to a collection leaves every existing sign-off
 * valid, and filling one in makes the content differ from what was signed.
 */
export function clinicalSnapshot(signed: SignedFields, doc: Record<string, unknown>): { [key: string]: Json } {
  const snapshot = normaliseFields(signed.fields, doc)
  for (const { path, field } of signed.whenSet) {
    const value = valueAt(doc, path)
    if (!isEmpty(value)) snapshot[path] = normaliseField(field, value)
  }
  return snapshot
}

/** Hex SHA-256 of the canonical JSON of `doc`'s clinical content. */
export function clinicalHash(signed: SignedFields, doc: Record<string, unknown>): string {
  const canonical = canonicalize(clinicalSnapshot(signed, doc))
  if (canonical === undefined) throw new Error('Clinical content could not be serialised.')
  return createHash('sha256').update(canonical, 'utf8').digest('hex')
}

/** The labels of the signed fields whose content differs between two snapshots. */
export function changedFieldLabels(
  signed: SignedFields,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] {
  const differs = (key: string) => canonicalize(before[key] ?? null) !== canonicalize(after[key] ?? null)
  return [
    ...signed.fields.filter((field) => 'name' in field && differs(field.name)).map(labelText),
    ...signed.whenSet.filter(({ path }) => differs(path)).map(({ label }) => label),
  ]
}
