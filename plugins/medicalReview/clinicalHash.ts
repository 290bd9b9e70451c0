/**
 * The clinical hash: what a sign-off is bound to.
 *
 * SHA-256 over RFC 8785 canonical JSON (the `canonicalize` library) of a document's clinical
 * fields only, normalised by their schema so that storage details do not count as content:
 * array row ids are dropped, relationships are reduced to the ids they point at whether or not
 * they were populated, and a missing value equals null. Everything else — every character of a
 * rich-text explanation, the order of causes, a reference URL — is content and changes the hash.
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
        if ('name' in tab && tab.name) out[tab.name] = normaliseFields(tab.fields, (data[tab.name] ?? {}) as Record<string, unknown>)
        else Object.assign(out, normaliseFields(tab.fields, data))
      }
    } else if ('name' in field && field.name && field.name !== 'id') {
      out[field.name] = normaliseField(field, data[field.name])
    }
  }
  return out
}

/** Finds the configs of `names` anywhere in a collection's (possibly nested-in-layout) fields. */
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

/** The clinical content of `doc`, as it is hashed and snapshotted into the ledger. */
export function clinicalSnapshot(clinicalFields: Field[], doc: Record<string, unknown>): { [key: string]: Json } {
  return normaliseFields(clinicalFields, doc)
}

/** Hex SHA-256 of the canonical JSON of `doc`'s clinical content. */
export function clinicalHash(clinicalFields: Field[], doc: Record<string, unknown>): string {
  const canonical = canonicalize(clinicalSnapshot(clinicalFields, doc))
  if (canonical === undefined) throw new Error('Clinical content could not be serialised.')
  return createHash('sha256').update(canonical, 'utf8').digest('hex')
}
