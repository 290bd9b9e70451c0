import { type Payload, ValidationError } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { ROLES } from '@/access/roles'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from '@/seed/demoAccounts'

import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'

let ctx: PayloadIntContext
let payload: Payload

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
})

afterAll(async () => {
  await ctx?.cleanup()
})

describe('users with roles', () => {
  it.each(ROLES)('a %s can be created and logs in with their password', async (role) => {
    const email = `${role}.login@causeway.test`
    const created = await payload.create({
      collection: 'users',
      data: { email, name: `Test ${role}`, password: 'correct horse battery', roles: [role] },
    })
    expect(created.roles).toEqual([role])

    const { user, token } = await payload.login({
      collection: 'users',
      data: { email, password: 'correct horse battery' },
    })
    expect(user?.id).toBe(created.id)
    expect(user?.roles).toEqual([role])
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
  })

  it('refuses a wrong password', async () => {
    await expect(
      payload.login({ collection: 'users', data: { email: 'writer.login@causeway.test', password: 'wrong' } }),
    ).rejects.toThrow(/incorrect/i)
  })

  it('refuses a role that does not exist', async () => {
    await expect(
      payload.create({
        collection: 'users',
        // @ts-expect-error -- deliberately outside the generated union
        data: { email: 'bad.role@causeway.test', name: 'Bad', password: 'x', roles: ['superuser'] },
      }),
    ).rejects.toThrow(ValidationError)
  })

  it('does not let a writer give themselves a role', async () => {
    const writer = await payload.create({
      collection: 'users',
      data: { email: 'climber@causeway.test', name: 'Climber', password: 'a long enough password', roles: ['writer'] },
    })
    const updated = await payload.update({
      collection: 'users',
      id: writer.id,
      data: { roles: ['admin'] },
      user: writer,
      overrideAccess: false,
    })
    expect(updated.roles).toEqual(['writer'])
  })

  it("lets a writer see colleagues' names (to pick authors) but only their own email", async () => {
    const writer = (await payload.find({ collection: 'users', where: { email: { equals: 'climber@causeway.test' } } }))
      .docs[0]!
    const { docs } = await payload.find({ collection: 'users', user: writer, overrideAccess: false, limit: 0 })
    expect(docs.length).toBeGreaterThan(1)
    expect(docs.filter((doc) => doc.email).map((doc) => doc.email)).toEqual(['climber@causeway.test'])
    expect(docs.every((doc) => typeof doc.name === 'string')).toBe(true)
  })

  it('shows anonymous readers only public profiles, never an email or roles', async () => {
    await payload.create({
      collection: 'users',
      data: {
        email: 'public.person@causeway.test',
        name: 'Public Person',
        password: 'a long enough password',
        roles: ['reviewer'],
        publicProfile: true,
      },
      context: { disableRevalidate: true },
    })
    const { docs } = await payload.find({ collection: 'users', overrideAccess: false, limit: 0 })
    expect(docs.map((doc) => doc.name)).toEqual(['Public Person'])
    expect(docs[0]).not.toHaveProperty('email')
    expect(docs[0]).not.toHaveProperty('roles')
    // Filtering on the hidden field is refused outright, so it cannot act as an oracle.
    await expect(
      payload.find({ collection: 'users', overrideAccess: false, where: { email: { like: 'public' } } }),
    ).rejects.toThrow(/cannot be queried: email/)
  })

  it('makes the first account created over HTTP an admin, whatever the form said', async () => {
    // The admin's "create first user" screen is the only HTTP path to a user while none exist.
    await payload.delete({ collection: 'users', where: { id: { exists: true } }, context: { disableRevalidate: true } })
    const first = await payload.create({
      collection: 'users',
      data: { email: 'founder@causeway.test', name: 'Founder', password: 'a long enough password', roles: ['writer'] },
      req: { payloadAPI: 'REST' },
    })
    expect(first.roles).toEqual(['admin'])
    const second = await payload.create({
      collection: 'users',
      data: { email: 'second@causeway.test', name: 'Second', password: 'a long enough password', roles: ['writer'] },
      req: { payloadAPI: 'REST' },
    })
    expect(second.roles).toEqual(['writer'])
  })
})

describe('demo accounts', () => {
  it('are created once, one per role, and each logs in with the documented password', async () => {
    const created = await seedDemoAccounts(payload)
    expect(created).toEqual(DEMO_ACCOUNTS.map((account) => account.email))
    expect(await seedDemoAccounts(payload)).toEqual([])

    for (const account of DEMO_ACCOUNTS) {
      const { user } = await payload.login({
        collection: 'users',
        data: { email: account.email, password: DEMO_PASSWORD },
      })
      expect(user?.roles).toEqual([account.role])
    }
  })

  it('are never created in production', async () => {
    const previous = process.env.NODE_ENV
    Object.assign(process.env, { NODE_ENV: 'production' })
    try {
      await expect(seedDemoAccounts(payload)).rejects.toThrow(/never created in production/)
    } finally {
      Object.assign(process.env, { NODE_ENV: previous })
    }
  })
})

describe('what a writer may not claim', () => {
  it('cannot set their own credentials or job title', async () => {
    const writer = await payload.create({
      collection: 'users',
      data: {
        email: 'self.titled@causeway.test',
        name: 'Self Titled',
        password: 'a long enough password',
        roles: ['writer'],
      },
    })
    const updated = await payload.update({
      collection: 'users',
      id: writer.id,
      data: { credentials: 'MD', jobTitle: 'Chief of Medicine' },
      user: writer,
      overrideAccess: false,
    })
    expect([updated.credentials ?? null, updated.jobTitle ?? null]).toEqual([null, null])
  })
})
