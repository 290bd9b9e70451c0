/**
 * The large data set's content and history, generated deterministically: the same seed and index
 * always give the same document and the same life (so an interrupted run resumes exactly where it
 * stopped). Faker supplies the seeded randomness and people's names; the health vocabulary is
 * Causeway's own (./vocabulary.ts).
 */
import { base, en, Faker } from '@faker-js/faker'

import { paragraphs } from '@/lib/richText/paragraphs'
import { slugify } from '@/lib/slugify'
import { SPECIALTIES } from '@/fields/specialties'
import { requestsFrom } from '@/plugins/medicalReview'

import { credentialTypeOf, type DemoLicence, issuingBodyOf } from '../licences'

import type { DocPlan, Person, PlanEvent } from './plan'
import {
  CHANGE_NOTES,
  CONDITION_PROCESSES,
  CONDITION_QUALIFIERS,
  CONDITION_SITES,
  CREDENTIALS,
  JOB_TITLES,
  PUBLISHERS,
  QUESTION_FORMS,
  REGIONS,
  REVIEW_ANSWERS,
  REVIEW_COMMENTS,
  SEEK_CARE,
  SENTENCES,
  SITUATIONS,
  SYMPTOMS,
  TAKEAWAYS,
  UNPUBLISH_REASONS,
} from './vocabulary'

const DAY = 86_400_000
/** The generated history runs between these fixed dates, whatever day the seed runs. */
export const CONDITIONS_FROM = Date.UTC(2023, 2, 1)
export const ARTICLES_FROM = Date.UTC(2024, 1, 1)
export const HISTORY_UNTIL = Date.UTC(2026, 10, 1)

const faker = new Faker({ locale: [en, base] })

/** Reseeds the shared generator for one item, so items do not depend on each other. */
function seeded(seed: number, salt: number, index: number): Faker {
  faker.seed([seed, salt, index])
  return faker
}

const SPECIALTY_VALUES = SPECIALTIES.map((item) => item.value)

const pick = <T>(f: Faker, items: readonly T[]): T => f.helpers.arrayElement(items)
const between = (f: Faker, min: number, max: number) => f.number.int({ min, max })
const chance = (f: Faker, probability: number) => f.number.float({ min: 0, max: 1 }) < probability
const iso = (ms: number) => new Date(ms).toISOString()
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** A prime that divides none of the combination counts, so `combination` visits each exactly once. */
const STRIDE = 7_919

/** The `index`-th of `count` combinations, visited in a scrambled but fixed order. */
function combination(index: number, count: number): number {
  return (index * STRIDE + 17) % count
}

// ---------------------------------------------------------------------------------------------
// People and symptoms (written through the Local API)

export type Role = 'writer' | 'reviewer' | 'editor' | 'admin'

export interface PersonSpec {
  email: string
  name: string
  roles: Role[]
  credentials?: string
  /** Reviewers' registry entry; seeding makes it verified and valid for two years. */
  licence?: DemoLicence
  jobTitle: string
  bio: string
}

/** How the people split by role: mostly writers, a quarter reviewers, some editors, a few admins. */
export function roleOf(index: number, total: number): Role {
  const share = index / total
  if (share < 0.6) return 'writer'
  if (share < 0.85) return 'reviewer'
  if (share < 0.975) return 'editor'
  return 'admin'
}

export function personSpec(seed: number, index: number, total: number): PersonSpec {
  const f = seeded(seed, 1, index)
  const role = roleOf(index, total)
  const first = f.person.firstName()
  const last = f.person.lastName()
  const spec: PersonSpec = {
    email: `${slugify(`${first} ${last}`)}.${index}@causeway.example`,
    name: `${first} ${last}`,
    roles: [role],
    ...(role === 'reviewer' ? { credentials: pick(f, CREDENTIALS) } : {}),
    jobTitle: pick(f, JOB_TITLES[role]),
    bio: `${first} ${pick(f, ['has written about health for', 'has worked in clinical practice for', 'has edited health content for'])} ${between(f, 3, 25)} years.`,
  }
  if (role !== 'reviewer') return spec
  // Drawn after everything else, so the rest of a person is what it was before licences existed.
  const type = credentialTypeOf(spec.credentials)
  return {
    ...spec,
    licence: {
      type,
      number: `${issuingBodyOf(type).prefix}-${between(f, 1_000_000, 9_999_999)}`,
      issuingBody: issuingBodyOf(type).body,
      specialties: f.helpers.arrayElements(SPECIALTY_VALUES, { min: 1, max: 3 }),
    },
  }
}

export function symptomSpec(index: number) {
  const symptom = SYMPTOMS[index % SYMPTOMS.length]!
  const round = Math.floor(index / SYMPTOMS.length)
  const name = round ? `${symptom.name} (${round + 1})` : symptom.name
  return {
    name,
    slug: slugify(name),
    bodyRegion: symptom.region,
    summary: `${symptom.name}: what it can mean, the common causes and when to get it checked.`,
  }
}

// ---------------------------------------------------------------------------------------------
// Text

interface Slots {
  s: string
  c: string
  w: string
}

function sentence(f: Faker, template: string, slots: Slots): string {
  return capitalise(
    template
      .replaceAll('{s}', slots.s)
      .replaceAll('{c}', slots.c)
      .replaceAll('{w}', slots.w)
      .replaceAll('{r}', pick(f, REGIONS)),
  )
}

function paragraph(f: Faker, slots: Slots, sentences: [number, number] = [2, 5]): string {
  return Array.from({ length: between(f, ...sentences) }, () => sentence(f, pick(f, SENTENCES), slots)).join(' ')
}

function paragraphTexts(f: Faker, slots: Slots, count: [number, number]): string[] {
  return Array.from({ length: between(f, ...count) }, () => paragraph(f, slots))
}

function references(f: Faker, topic: string, count: [number, number]) {
  return Array.from({ length: between(f, ...count) }, () => {
    const year = between(f, 2012, 2025)
    return {
      title: `${capitalise(pick(f, ['a review of', 'outcomes in', 'management of', 'guidance on', 'a cohort study of']))} ${topic.toLowerCase()}`,
      publisher: pick(f, PUBLISHERS),
      year,
      url: `https://doi.org/10.${between(f, 1000, 9999)}/cw.${year}.${between(f, 100, 99_999)}`,
    }
  })
}

// ---------------------------------------------------------------------------------------------
// Conditions and articles (reviewable: written with their whole history)

export const conditionCombinations = CONDITION_QUALIFIERS.length * CONDITION_SITES.length * CONDITION_PROCESSES.length

export function conditionName(index: number): string {
  const n = combination(index, conditionCombinations)
  const qualifier = CONDITION_QUALIFIERS[n % CONDITION_QUALIFIERS.length]!
  const site = CONDITION_SITES[Math.floor(n / CONDITION_QUALIFIERS.length) % CONDITION_SITES.length]!
  const process = CONDITION_PROCESSES[Math.floor(n / (CONDITION_QUALIFIERS.length * CONDITION_SITES.length))]!
  const round = Math.floor(index / conditionCombinations)
  return `${qualifier} ${site} ${process}${round ? ` (${round + 1})` : ''}`
}

const questionCombinations = SYMPTOMS.length * SITUATIONS.length * QUESTION_FORMS.length

export function articleQuestion(index: number): { question: string; symptom: number; situation: string } {
  const n = combination(index, questionCombinations)
  const symptom = n % SYMPTOMS.length
  const situation = SITUATIONS[Math.floor(n / SYMPTOMS.length) % SITUATIONS.length]!
  const form = QUESTION_FORMS[Math.floor(n / (SYMPTOMS.length * SITUATIONS.length))]!
  const round = Math.floor(index / questionCombinations)
  const question = form.replace('{s}', SYMPTOMS[symptom]!.name.toLowerCase()).replace('{w}', situation)
  return { question: round ? question.replace(/\?$/, ` (${round + 1})?`) : question, symptom, situation }
}

export interface Cast {
  writers: Person[]
  reviewers: Person[]
  editors: Person[]
}

export interface ArticleContext extends Cast {
  /** Condition ids and names, in generated order. */
  conditions: Array<{ id: number; name: string }>
  /** Symptom ids, in generated order (the i-th is SYMPTOMS[i % 60]). */
  symptoms: number[]
}

/**
 * The writer's answers to a reviewer's requested changes, one event per request (as the checklist
 * holds them), ten minutes apart after `after`. Draws nothing from the generator, so the rest of
 * a plan is what it would be without them.
 */
function answerRequests(events: PlanEvent[], after: number, by: Person, comments: string) {
  requestsFrom(comments).forEach((request, n) => {
    events.push({
      kind: 'answer',
      at: iso(after + (n + 1) * 10 * 60_000),
      by,
      request,
      answer: REVIEW_ANSWERS[request] ?? 'Changed as asked.',
    })
  })
}

/**
 * Adds a review cycle (submit, maybe a round of changes — requested, made, answered, resubmitted —
 * approve, publish) to `events`.
 */
function reviewCycle(
  f: Faker,
  events: PlanEvent[],
  start: number,
  cast: { author?: Person } & Cast,
  changeNote: string,
): number {
  const reviewer = pick(
    f,
    cast.reviewers.filter((person) => person.id !== cast.author?.id),
  )
  const submitter = cast.author ?? pick(f, cast.editors)
  let t = start
  events.push({ kind: 'submit', at: iso(t), by: submitter, reviewer, changeNote })
  if (chance(f, 0.15)) {
    t += between(f, 1, 5) * DAY
    const comments = pick(f, REVIEW_COMMENTS)
    events.push({ kind: 'signOff', at: iso(t), by: reviewer, decision: 'changes-requested', comments })
    t += between(f, 1, 4) * DAY
    events.push({ kind: 'edit', at: iso(t), by: submitter, changes: { $revise: events.length } })
    // The workflow refuses to resubmit while a request is open: the writer answers each first.
    answerRequests(events, t, submitter, comments)
    t += between(f, 1, 3) * 3_600_000
    events.push({ kind: 'submit', at: iso(t), by: submitter, reviewer, changeNote })
  }
  t += between(f, 1, 7) * DAY
  events.push({ kind: 'signOff', at: iso(t), by: reviewer, decision: 'approve' })
  t += between(f, 2, 72) * 3_600_000
  events.push({ kind: 'publish', at: iso(t), by: pick(f, cast.editors) })
  return t
}

/**
 * Events at or after the end of the generated history are dropped. A plan's times only increase,
 * so what is dropped is always a tail; a trailing submit or sign-off whose publish fell off the
 * end is a real "in review" or "approved, not yet published" state, so it stays.
 */
function untilHistoryEnds(events: PlanEvent[]): PlanEvent[] {
  return events.filter((event) => Date.parse(event.at) < HISTORY_UNTIL)
}

/**
 * The yearly re-review every published document gets before its sign-off expires — a review
 * cycle 320–360 days after the last, until the history ends — except that one in twenty lapses
 * after a year or three, as happens. Without them most of the data set would be past its review date.
 */
function annualReviews(f: Faker, events: PlanEvent[], lastPublished: number, cast: { author?: Person } & Cast): number {
  let reviews = chance(f, 0.05) ? between(f, 0, 2) : Number.POSITIVE_INFINITY
  let t = lastPublished
  while (t + 360 * DAY < HISTORY_UNTIL && reviews-- > 0) {
    t = reviewCycle(f, events, t + between(f, 320, 360) * DAY, cast, 'Annual review: checked against current guidance.')
  }
  return t
}

export function conditionPlan(seed: number, index: number, total: number, cast: Cast): DocPlan {
  const f = seeded(seed, 2, index)
  const name = conditionName(index)
  const slots: Slots = { s: name.toLowerCase(), c: name.toLowerCase(), w: pick(f, SITUATIONS) }
  const created = CONDITIONS_FROM + Math.floor(((index + f.number.float({ min: 0, max: 1 })) / total) * 270 * DAY)
  const events: PlanEvent[] = [{ kind: 'create', at: iso(created), by: pick(f, cast.editors) }]
  if (!chance(f, 0.06))
    annualReviews(f, events, reviewCycle(f, events, created + between(f, 1, 6) * DAY, cast, 'First version.'), cast)
  return {
    collection: 'conditions',
    index,
    slug: slugify(name),
    data: {
      name,
      alsoKnownAs: chance(f, 0.5) ? [`${name.split(' ').slice(1).join(' ')}`] : [],
      summary: `${name} is a ${pick(f, ['common', 'usually harmless', 'treatable', 'long-term'])} cause of ${pick(f, SYMPTOMS).name.toLowerCase()} and related symptoms.`,
      body: paragraphs(...paragraphTexts(f, slots, [2, 4])),
      references: references(f, name, [1, 2]),
    },
    events: untilHistoryEnds(events),
  }
}

/** What an article's clinical edit changes: one cause's explanation gains a sentence, or a reference is added. */
export function reviseArticle(
  seed: number,
  index: number,
  revision: number,
  data: Record<string, unknown>,
): Record<string, unknown> {
  const f = seeded(seed, 4, index * 31 + revision)
  const causes = data.causes as Array<Record<string, unknown>>
  if (chance(f, 0.5) || !Array.isArray(data.references)) {
    const which = between(f, 0, causes.length - 1)
    const cause = causes[which]!
    const explanation = cause.explanation as ReturnType<typeof paragraphs>
    const extra = paragraphs(
      sentence(f, pick(f, SENTENCES), { s: 'the symptom', c: String(cause.heading).toLowerCase(), w: 'at times' }),
    )
    return {
      causes: causes.map((row, i) =>
        i === which
          ? {
              ...row,
              explanation: {
                root: { ...explanation.root, children: [...explanation.root.children, ...extra.root.children] },
              },
            }
          : row,
      ),
    }
  }
  return { references: [...(data.references as unknown[]), ...references(f, String(data.question), [1, 1])] }
}

export function articlePlan(seed: number, index: number, total: number, context: ArticleContext): DocPlan {
  const f = seeded(seed, 3, index)
  const { question, symptom, situation } = articleQuestion(index)
  const symptomName = SYMPTOMS[symptom]!.name.toLowerCase()
  const author = pick(f, context.writers)
  const causeCount = between(f, 3, 8)
  const causes = Array.from({ length: causeCount }, () => {
    const linked = f.helpers.arrayElements(context.conditions, between(f, 1, 2))
    const heading = chance(f, 0.7) ? linked[0]!.name : capitalise(`${pick(f, REGIONS)} ${pick(f, CONDITION_PROCESSES)}`)
    const slots: Slots = { s: symptomName, c: linked[0]!.name.toLowerCase(), w: situation }
    return {
      heading,
      conditions: linked.map((condition) => condition.id),
      explanation: paragraphs(...paragraphTexts(f, slots, [1, 3])),
    }
  })
  const slots: Slots = { s: symptomName, c: String(causes[0]!.heading).toLowerCase(), w: situation }
  const otherSymptoms = f.helpers.arrayElements(context.symptoms, between(f, 0, 1))
  const data: Record<string, unknown> = {
    question,
    summary: sentence(f, pick(f, SENTENCES), slots).slice(0, 280),
    intro: paragraphs(...paragraphTexts(f, slots, [1, 3])),
    causes,
    whenToSeekCare: paragraphs(
      ...Array.from({ length: between(f, 1, 2) }, () =>
        f.helpers
          .arrayElements(SEEK_CARE, between(f, 2, 3))
          .map((t) => sentence(f, t, slots))
          .join(' '),
      ),
    ),
    ...(chance(f, 0.8) ? { takeaway: paragraphs(sentence(f, pick(f, TAKEAWAYS), slots)) } : {}),
    references: references(f, question.replace(/\?$/, ''), [1, 5]),
    author: author.id,
    symptoms: [...new Set([context.symptoms[symptom % context.symptoms.length]!, ...otherSymptoms])],
  }

  const created =
    ARTICLES_FROM +
    Math.floor(((index + f.number.float({ min: 0, max: 1 })) / total) * (HISTORY_UNTIL - ARTICLES_FROM - 60 * DAY))
  const events: PlanEvent[] = [{ kind: 'create', at: iso(created), by: author }]
  const cast = { ...context, author }
  const fate = f.number.float({ min: 0, max: 1 })
  let t = created
  const edit = (changes: Record<string, unknown>, by: Person = author) => {
    t += between(f, 1, 20) * DAY
    events.push({ kind: 'edit', at: iso(t), by, changes })
  }
  if (fate < 0.1) {
    // Still a draft: written, maybe reworked, never submitted.
    for (let i = between(f, 0, 2); i > 0; i--) edit({ $revise: i })
  } else if (fate < 0.14) {
    t += between(f, 1, 10) * DAY
    events.push({
      kind: 'submit',
      at: iso(t),
      by: author,
      reviewer: pick(f, context.reviewers),
      changeNote: 'First version.',
    })
  } else if (fate < 0.17) {
    const reviewer = pick(f, context.reviewers)
    t += between(f, 1, 10) * DAY
    events.push({ kind: 'submit', at: iso(t), by: author, reviewer, changeNote: 'First version.' })
    t += between(f, 1, 5) * DAY
    events.push({
      kind: 'signOff',
      at: iso(t),
      by: reviewer,
      decision: 'changes-requested',
      comments: pick(f, REVIEW_COMMENTS),
    })
  } else {
    t = reviewCycle(f, events, t + between(f, 1, 10) * DAY, cast, 'First version.')
    const revisions = fate < 0.6 ? 0 : fate < 0.88 ? 1 : 2
    for (let r = 1; r <= revisions; r++) {
      t += between(f, 60, 270) * DAY
      events.push({ kind: 'edit', at: iso(t), by: author, changes: { $revise: 10 + r } })
      t = reviewCycle(f, events, t + between(f, 1, 5) * DAY, cast, pick(f, CHANGE_NOTES))
    }
    t = annualReviews(f, events, t, cast)
    const tail = f.number.float({ min: 0, max: 1 })
    if (tail < 0.04) {
      // A clinical edit waiting to be submitted, while the signed version stays live.
      edit({ $revise: 20 })
    } else if (tail < 0.07) {
      // An edit outside the signed content (filed under one more symptom) keeps the sign-off and
      // is published without a new review. (SEO text would need one: it is signed once set.)
      const filedUnder = data.symptoms as number[]
      const another = context.symptoms[(symptom + 1) % context.symptoms.length]!
      edit({ symptoms: filedUnder.includes(another) ? filedUnder : [...filedUnder, another] }, pick(f, context.editors))
      t += between(f, 1, 48) * 3_600_000
      events.push({ kind: 'publish', at: iso(t), by: pick(f, context.editors) })
    } else if (tail < 0.09) {
      t += between(f, 10, 200) * DAY
      events.push({ kind: 'unpublish', at: iso(t), by: pick(f, context.editors), reason: pick(f, UNPUBLISH_REASONS) })
    }
  }
  return { collection: 'articles', index, slug: slugify(question), data, events: untilHistoryEnds(events) }
}

/**
 * The content an edit leaves: `$revise` edits are clinical (see `reviseArticle`); any other
 * changes are applied as given.
 */
export function applyChanges(
  seed: number,
  plan: DocPlan,
  data: Record<string, unknown>,
  changes: Record<string, unknown>,
) {
  if (typeof changes.$revise === 'number') {
    if (plan.collection === 'articles') return reviseArticle(seed, plan.index, changes.$revise, data)
    return { summary: `${String(data.summary)} Reviewed again.`.slice(0, 300) }
  }
  return changes
}
