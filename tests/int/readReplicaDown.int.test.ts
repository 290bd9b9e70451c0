/**
 * A read replica that is down when the server starts (DATABASE_REPLICA_URLS naming a port nothing
 * listens on): Payload still boots — without an unhandled rejection, which would end a script or
 * `npm start`'s migration step, and which Vitest reports as an error — and readers are answered by
 * the primary. The routing itself is tested on a real standby in readReplicas.int.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { findSymptom } from '@/lib/data/queries'
import { replicaPools } from '@/lib/db/readReplicas'
import { freePort } from '@/tooling/db/testDatabases'

import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { QUIET } from '../helpers/reviewFixtures'

let ctx: PayloadIntContext
let replicaUrl: string

beforeAll(async () => {
  replicaUrl = `postgres://postgres@127.0.0.1:${await freePort()}/causeway`
  // Read by payload.config.ts, which initPayloadInt imports only now.
  process.env.DATABASE_REPLICA_URLS = replicaUrl
  ctx = await initPayloadInt()
})

afterAll(async () => {
  await ctx?.cleanup()
})

describe('a read replica that is down when the server starts', () => {
  it('boots, answers readers from the primary, and says which replica it passed over', async () => {
    expect(replicaPools(ctx.payload)).toHaveLength(1)
    await ctx.payload.create({
      collection: 'symptoms',
      data: { name: 'Replica-down headache', bodyRegion: 'head-and-neck' },
      context: QUIET,
    })
    const warn = vi.spyOn(ctx.payload.logger, 'warn')
    try {
      const page = await findSymptom(ctx.payload, 'replica-down-headache')
      expect(page?.symptom.name).toBe('Replica-down headache')
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({ msg: expect.stringContaining(`Read replica ${replicaUrl} did not answer`) }),
      )
    } finally {
      warn.mockRestore()
    }
  })
})
