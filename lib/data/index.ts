/**
 * Every read the reader site makes goes through this module. It reads as an anonymous visitor —
 * `overrideAccess: false` and no user — so a reader page sees exactly what anonymous REST would,
 * never a draft or a private field.
 */
import config from '@payload-config'
import { getPayload } from 'payload'

import { BODY_REGIONS } from '@/collections/Symptoms'
import type { Symptom } from '@/payload-types'

export type SymptomCard = Pick<Symptom, 'id' | 'name' | 'slug' | 'summary'>

export interface BodyRegionGroup {
  region: string
  label: string
  symptoms: SymptomCard[]
}

/** Symptoms grouped by body region, in the order regions are declared; empty regions omitted. */
export async function getSymptomsByBodyRegion(): Promise<BodyRegionGroup[]> {
  const payload = await getPayload({ config })
  const { docs } = await payload.find({
    collection: 'symptoms',
    overrideAccess: false,
    depth: 0,
    limit: 0,
    pagination: false,
    sort: 'name',
    select: { name: true, slug: true, summary: true, bodyRegion: true },
  })
  return BODY_REGIONS.map(({ value, label }) => ({
    region: value,
    label,
    symptoms: docs
      .filter((doc) => doc.bodyRegion === value)
      .map(({ id, name, slug, summary }) => ({ id, name, slug, summary })),
  })).filter((group) => group.symptoms.length > 0)
}
