import type { CollectionBeforeOperationHook, Config, Plugin } from 'payload'

import { Refusal } from '@/lib/refusal'

/** Geo operators: meaningful only on point fields, which Causeway does not have. `all` only on fields holding several values. */
const GEO = new Set(['near', 'within', 'intersects'])

type Fields = Array<{ name?: string; hasMany?: boolean; type: string; flattenedFields?: Fields }>

/** Rich text and JSON hold documents, not values: they can be tested for existence only. */
const DOCUMENT_TYPES = new Set(['richText', 'json'])
const OPERATORS = new Set([
  'equals',
  'not_equals',
  'in',
  'not_in',
  'all',
  'exists',
  'greater_than',
  'greater_than_equal',
  'less_than',
  'less_than_equal',
  'like',
  'not_like',
  'contains',
  'near',
  'within',
  'intersects',
])

/** Fields stored as numbers in PostgreSQL (ids, and relationships, which hold ids). */
const NUMERIC_TYPES = new Set(['number', 'relationship', 'upload'])
const TEXT_OPERATORS = new Set(['like', 'not_like', 'contains'])
const isNumeric = (value: unknown) =>
  typeof value === 'number'
    ? Number.isFinite(value)
    : typeof value === 'string' && /^-?\d{1,15}(\.\d+)?$/.test(value.trim())
/** Whether every value is a number; objects (polymorphic `{ relationTo, value }`) are left to Payload. */
const numericValues = (value: unknown): boolean => {
  if (value === null || (typeof value === 'object' && !Array.isArray(value))) return true
  if (Array.isArray(value)) return value.every((item) => isNumeric(item) || (item !== null && typeof item === 'object'))
  if (typeof value === 'string' && value.includes(',')) return value.split(',').every(isNumeric)
  return isNumeric(value)
}

/** The type of the field a where path ends at, looking through groups and arrays. */
function typeAt(fields: Fields, path: string): string | undefined {
  const segments = path.split('.')
  let current: Fields | undefined = fields
  for (const [index, segment] of segments.entries()) {
    const field: Fields[number] | undefined = current?.find((candidate) => candidate.name === segment)
    if (!field) return undefined
    const last = index === segments.length - 1
    if (last || DOCUMENT_TYPES.has(field.type)) return field.type
    current = field.flattenedFields
    // A path through a relationship continues in another collection; Payload checks it there.
    if (!current) return undefined
  }
  return undefined
}

function problems(where: unknown, fields: Fields, found: string[] = [], path = ''): string[] {
  if (typeof where === 'string') {
    if (where.includes('\u0000')) found.push('a NUL character')
  } else if (Array.isArray(where)) {
    where.forEach((item) => problems(item, fields, found, path))
  } else if (where && typeof where === 'object') {
    for (const [key, value] of Object.entries(where)) {
      // Ids are serial numbers unless the collection declares its own id field.
      const fieldType = path === 'id' ? (typeAt(fields, 'id') ?? 'number') : typeAt(fields, path)
      if (TEXT_OPERATORS.has(key) && NUMERIC_TYPES.has(fieldType ?? '')) {
        found.push(`the "${key}" operator on "${path}", which holds numbers`)
      } else if (
        OPERATORS.has(key) &&
        key !== 'exists' &&
        NUMERIC_TYPES.has(fieldType ?? '') &&
        !numericValues(value)
      ) {
        found.push(`a value that is not a number for "${path}"`)
      } else if (OPERATORS.has(key) && key !== 'exists' && DOCUMENT_TYPES.has(fieldType ?? '')) {
        found.push(`the "${key}" operator on rich text or JSON (only "exists" works there)`)
      } else if (GEO.has(key)) found.push(`the "${key}" operator (only for map points)`)
      else if (key === 'all' && (!isHasMany(fields, path) || !Array.isArray(value))) {
        found.push('the "all" operator other than with a list, on a field holding several values')
      } else problems(value, fields, found, key === 'and' || key === 'or' ? path : path ? `${path}.${key}` : key)
    }
  }
  return found
}

/** Whether the top-level field a where path starts at holds several values. */
function isHasMany(fields: Fields, path: string): boolean {
  const field = fields.find((candidate) => candidate.name === path.split('.')[0])
  return Boolean(field && (field.hasMany || field.type === 'array'))
}

/**
 * Refuses `where` clauses that PostgreSQL would answer with an error — and Payload with a 500 —
 * before they reach the database: geo operators on non-point fields, `all` on single values,
 * value operators on rich text and JSON, and strings containing NUL.
 * Found by the attack suite's fuzzing (tests/security). Applied to every collection.
 */
export const refuseHostileWhere: CollectionBeforeOperationHook = ({ args, collection }) => {
  const found = problems((args as { where?: unknown }).where, collection.flattenedFields as unknown as Fields)
  if (found.length)
    throw new Refusal(`This query cannot be run: it uses ${[...new Set(found)].join(' and ')}.`, 400, null)
  return args
}

export const queryGuard =
  (): Plugin =>
  (config: Config): Config => ({
    ...config,
    collections: (config.collections ?? []).map((collection) => ({
      ...collection,
      hooks: {
        ...collection.hooks,
        beforeOperation: [refuseHostileWhere, ...(collection.hooks?.beforeOperation ?? [])],
      },
    })),
  })
