import type { Payload } from 'payload'

import { paragraphs } from '@/lib/richText/paragraphs'
import { isProduction } from '@/lib/runtimeConfig'

import { DEMO_ARTICLES, DEMO_CONDITIONS, DEMO_PEOPLE, DEMO_SYMPTOMS } from './demoContent'
import { DEMO_PASSWORD } from './demoAccounts'
import { verifiedLicence } from './licences'
import { reviewWorkflow } from '@/plugins/medicalReview'

const SEED = { disableRevalidate: true } as const

/** Symptoms and conditions someone already made by hand are reused, not duplicated. */
async function bySlug(payload: Payload, collection: 'symptoms' | 'conditions', slug: string) {
  const { docs } = await payload.find({ collection, where: { slug: { equals: slug } }, limit: 1, depth: 0 })
  return docs[0] ?? null
}

/**
 * Fills an empty database with the demo people, symptoms, conditions and published cause
 * articles, through the Local API (so every hook and validation runs). Does nothing if any
 * article exists; people, symptoms and conditions that already exist (same email or slug) are
 * reused. Returns how many articles it created. Refuses to run in production.
 */
export async function seedDemoContent(payload: Payload): Promise<number> {
  if (isProduction(process.env)) {
    throw new Error('Demo content is for local development and tests only.')
  }
  const { totalDocs } = await payload.count({ collection: 'articles', overrideAccess: true })
  if (totalDocs > 0) return 0

  const people = new Map<string, number>()
  for (const person of DEMO_PEOPLE) {
    const existing = await payload.find({ collection: 'users', where: { email: { equals: person.email } }, limit: 1 })
    const doc =
      existing.docs[0] ??
      (await payload.create({
        collection: 'users',
        data: {
          email: person.email,
          password: DEMO_PASSWORD,
          name: person.name,
          roles: person.roles,
          credentials: person.credentials,
          licence: person.licence ? verifiedLicence(person.licence.type, person.licence) : undefined,
          jobTitle: person.jobTitle,
          bio: person.bio,
          publicProfile: true,
        },
        context: SEED,
      }))
    people.set(person.key, doc.id)
  }

  const symptoms = new Map<string, number>()
  for (const symptom of DEMO_SYMPTOMS) {
    const doc =
      (await bySlug(payload, 'symptoms', symptom.key)) ??
      (await payload.create({
        collection: 'symptoms',
        data: { name: symptom.name, slug: symptom.key, bodyRegion: symptom.bodyRegion, summary: symptom.summary },
        context: SEED,
      }))
    symptoms.set(symptom.key, doc.id)
  }

  // Every published demo document goes through the real review: submitted, signed off by the
  // demo clinician (never its author), published by the demo editor.
  const role = (wanted: string) => {
    const person = DEMO_PEOPLE.find((candidate) => candidate.roles.includes(wanted as never))
    if (!person) throw new Error(`Demo content has nobody with the ${wanted} role.`)
    return people.get(person.key)!
  }
  const staff = { writer: role('writer'), reviewer: role('reviewer'), editor: role('editor') }
  const conditionReview = reviewWorkflow(payload, 'conditions', SEED)
  const articleReview = reviewWorkflow(payload, 'articles', SEED)

  const conditions = new Map<string, number>()
  for (const condition of DEMO_CONDITIONS) {
    const doc =
      (await bySlug(payload, 'conditions', condition.key)) ??
      (await payload.create({
        collection: 'conditions',
        data: {
          name: condition.name,
          slug: condition.key,
          alsoKnownAs: condition.alsoKnownAs,
          summary: condition.summary,
          body: paragraphs(...condition.body),
          references: condition.references,
        },
        context: SEED,
      }))
    if ((doc as { _status?: string | null })._status !== 'published')
      await conditionReview.reviewAndPublish(doc.id, staff, 'First version.')
    conditions.set(condition.key, doc.id)
  }

  const lookup = (map: Map<string, number>, key: string, what: string) => {
    const id = map.get(key)
    if (id === undefined) throw new Error(`Demo content names an unknown ${what}: ${key}`)
    return id
  }

  for (const article of DEMO_ARTICLES) {
    const author = lookup(people, article.authorKey, 'person')
    const doc = await payload.create({
      collection: 'articles',
      data: {
        question: article.question,
        slug: article.key,
        summary: article.summary,
        intro: paragraphs(...article.intro),
        causes: article.causes.map((cause) => ({
          heading: cause.heading,
          conditions: cause.conditionKeys.map((key) => lookup(conditions, key, 'condition')),
          explanation: paragraphs(...cause.explanation),
        })),
        whenToSeekCare: paragraphs(...article.whenToSeekCare),
        takeaway: paragraphs(...article.takeaway),
        references: article.references,
        author,
        symptoms: article.symptomKeys.map((key) => lookup(symptoms, key, 'symptom')),
      },
      context: SEED,
    })
    await articleReview.reviewAndPublish(doc.id, { ...staff, writer: author }, 'First version.')
  }
  return DEMO_ARTICLES.length
}
