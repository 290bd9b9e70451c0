import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { findSymptomsByBodyRegion } from '@/lib/data/queries'

import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'

let ctx: PayloadIntContext

beforeAll(async () => {
  ctx = await initPayloadInt()
  for (const [name, bodyRegion] of [
    ['Sciatica-like leg pain', 'hips-and-legs'],
    ['Headache', 'head-and-neck'],
    ['Hip pain', 'hips-and-legs'],
  ] as const) {
    await ctx.payload.create({
      collection: 'symptoms',
      data: { name, bodyRegion },
      context: { disableRevalidate: true },
    })
  }
})

afterAll(async () => {
  await ctx?.cleanup()
})

describe('reader data module', () => {
  it('groups symptoms by body region in declared order, names sorted, empty regions left out', async () => {
    const groups = await findSymptomsByBodyRegion(ctx.payload)
    expect(groups.map((group) => [group.label, group.symptoms.map((s) => s.name)])).toEqual([
      ['Head and neck', ['Headache']],
      ['Hips and legs', ['Hip pain', 'Sciatica-like leg pain']],
    ])
  })
})
