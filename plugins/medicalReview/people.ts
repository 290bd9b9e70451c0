import type { PayloadRequest } from 'payload'

import { relationIds } from '@/plugins/common/relationIds'

export type Person = { id: number; name: string; roles?: string[] | null; credentials?: string | null }

/** The person `id` (a relationship value) names, or null when there is none or they are gone. */
export async function loadPerson(req: PayloadRequest, id: unknown): Promise<Person | null> {
  const [personId] = relationIds(id)
  if (personId === undefined) return null
  const person = await req.payload
    .findByID({ collection: 'users', id: personId, depth: 0, overrideAccess: true, req, disableErrors: true })
    .catch(() => null)
  return (person as unknown as Person | null) ?? null
}

/**
 * The people `ids` names, in order, with their names as they are now (one query): what the ledger
 * records of who changed the content, and what the review panel shows of who scheduled something.
 */
export async function namesOf(req: PayloadRequest, ids: unknown): Promise<Array<{ id: number; name: string }>> {
  const list = relationIds(ids).map(Number)
  if (!list.length) return []
  const { docs } = await req.payload.find({
    collection: 'users',
    where: { id: { in: list } },
    select: { name: true },
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  return list.map((id) => ({
    id,
    name: docs.find((person) => person.id === id)?.name ?? `Person ${id} (no longer has an account)`,
  }))
}

/** Who changed the clinical content since its last approval (the server keeps this list on the document). */
export const clinicalEditorIds = (doc: Record<string, unknown>): string[] =>
  relationIds(doc.clinicalEditors).map(String)

/**
 * Everyone the host's rule `may` admits (e.g. "may publish articles"), as stored: the plugin knows
 * no roles, so it asks the same permission questions as everywhere else rather than naming one.
 */
export async function peopleWho(
  req: PayloadRequest,
  may: (person: Person & Record<string, unknown>) => boolean,
): Promise<Array<Person & Record<string, unknown>>> {
  const { docs } = await req.payload.find({
    collection: 'users',
    depth: 0,
    pagination: false,
    overrideAccess: true,
    showHiddenFields: true,
    req,
  })
  return (docs as unknown as Array<Person & Record<string, unknown>>).filter(may)
}
