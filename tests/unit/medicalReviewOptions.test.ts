/**
 * The review plugin's options are honoured: the slugs of its two collections reach every place
 * that reads or writes them, and the permissions the host passes in are the ones it applies.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import type { CollectionConfig, Config, Payload, PayloadRequest } from 'payload'
import { describe, expect, it } from 'vitest'

import {
  appendLedgerEntry,
  EVENTS_SLUG,
  type MedicalReviewAccess,
  medicalReview,
  NOTIFICATIONS_SLUG,
  reviewSettingsOf,
} from '@/plugins/medicalReview'
import { mayPublish, maySignOff, maySubmit } from '@/plugins/medicalReview/permissions'

const pluginDir = path.resolve(import.meta.dirname, '..', '..', 'plugins', 'medicalReview')

const nobody: MedicalReviewAccess = {
  isStaff: () => false,
  maySubmit: () => false,
  maySignOff: () => false,
  mayPublish: () => false,
  mayOverrideLock: () => false,
  ledger: { read: () => false },
  publications: { read: () => false },
  events: { read: () => false },
  notifications: { read: () => false },
}

const noRegistry = {
  signingProblem: () => null,
  credentialsOf: () => null,
  specialtiesOf: () => [],
  documentSpecialties: () => [],
}

const notes: CollectionConfig = {
  slug: 'notes',
  admin: { useAsTitle: 'title' },
  versions: { drafts: true },
  fields: [{ name: 'title', type: 'text' }],
}

const configure = (access: MedicalReviewAccess = nobody) =>
  medicalReview({
    collections: { notes: { clinicalFields: ['title'] } } as never,
    access,
    registry: noRegistry,
    reviewsSlug: 'signoffs',
    publicationsSlug: 'releases',
  })({
    collections: [notes, { slug: 'users', auth: true, fields: [] }],
  } as unknown as Config) as Config

describe('medicalReview options', () => {
  it('names its collections after reviewsSlug and publicationsSlug, and keeps them on the config', () => {
    const config = configure()
    const slugs = (config.collections ?? []).map((collection) => collection.slug)
    // The review timeline and notifications keep their own (fixed) slugs.
    expect(slugs).toEqual(['notes', 'users', 'signoffs', 'releases', EVENTS_SLUG, NOTIFICATIONS_SLUG])
    expect(reviewSettingsOf({ config } as unknown as Payload)).toMatchObject({
      reviewsSlug: 'signoffs',
      publicationsSlug: 'releases',
    })
  })

  it('appends ledger entries to the collection reviewsSlug names', async () => {
    const config = configure()
    const calls: Array<{ op: string; collection: string }> = []
    const execute = async () => ({ rows: [] })
    const payload = {
      config,
      db: { drizzle: { execute }, sessions: { tx: { db: { execute } } } },
      find: async ({ collection }: { collection: string }) => (calls.push({ op: 'find', collection }), { docs: [] }),
      create: async ({ collection, data }: { collection: string; data: unknown }) => (
        calls.push({ op: 'create', collection }),
        data
      ),
    } as unknown as Payload
    const req = { payload, transactionID: 'tx', context: {} } as unknown as PayloadRequest
    const entry = await appendLedgerEntry(
      payload,
      {
        subjectCollection: 'notes',
        subjectId: '1',
        versionId: 'v1',
        contentHash: 'hash',
        snapshot: {},
        reviewer: 1,
        reviewerName: 'A. Reviewer',
        reviewerCredentials: 'MD',
        nextReviewDue: null,
        decision: 'approve',
        comments: null,
        signedAt: '2026-12-01T00:00:00.000Z',
      } as never,
      req,
    )
    expect(calls).toEqual([
      { op: 'find', collection: 'signoffs' },
      { op: 'create', collection: 'signoffs' },
    ])
    expect((entry as { previousHash: unknown }).previousHash).toBeNull()
  })

  it('asks the host who may submit, sign off and publish, per collection', () => {
    const asked: string[] = []
    const access: MedicalReviewAccess = {
      ...nobody,
      maySubmit: (collection, user) => (asked.push(`submit ${collection} ${user?.id}`), user?.id === 1),
      maySignOff: (collection, user) => (asked.push(`signOff ${collection} ${user?.id}`), user?.id === 2),
      mayPublish: (collection, user) => (asked.push(`publish ${collection} ${user?.id}`), user?.id === 3),
    }
    const options = { slug: 'notes', access }
    const verdicts = [1, 2, 3].map((id) => [
      maySubmit(options, { id }),
      maySignOff(options, { id }),
      mayPublish(options, { id }),
    ])
    expect(verdicts).toEqual([
      [true, false, false],
      [false, true, false],
      [false, false, true],
    ])
    expect(asked).toContain('publish notes 3')
    // The ledger and publication record take the host's access rules as given.
    const config = configure(access)
    const ledger = config.collections!.find((collection) => collection.slug === 'signoffs')!
    expect(ledger.access).toBe(access.ledger)
    expect(config.collections!.find((collection) => collection.slug === 'releases')!.access).toBe(access.publications)
  })

  it('names none of its own or the host’s collections in code: every slug comes from its options', () => {
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((name) => {
        const file = path.join(dir, name)
        return statSync(file).isDirectory() ? walk(file) : /\.tsx?$/.test(name) ? [file] : []
      })
    })(pluginDir)
    const hardCoded = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ line, at: `${path.relative(pluginDir, file)}:${index + 1}` }))
        .filter(({ line }) =>
          /collection:\s*'(reviews|publications|articles|conditions)'|slug:\s*'(articles|conditions)'/.test(line),
        )
        .map(({ at }) => at),
    )
    expect(hardCoded).toEqual([])
  })
})
