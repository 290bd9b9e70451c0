import type { Payload } from 'payload'

/** One person per role from the seeded demo people: { writer, reviewer, editor } ids. */
export async function demoStaff(payload: Payload): Promise<{ writer: number; reviewer: number; editor: number }> {
  const byRole = async (role: string) => {
    const { docs } = await payload.find({
      collection: 'users',
      where: { roles: { contains: role } },
      sort: 'id',
      limit: 1,
      depth: 0,
      overrideAccess: true,
    })
    if (!docs[0]) throw new Error(`No seeded user has the ${role} role.`)
    return docs[0].id
  }
  return { writer: await byRole('writer'), reviewer: await byRole('reviewer'), editor: await byRole('editor') }
}
