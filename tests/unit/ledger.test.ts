import { describe, expect, it } from 'vitest'

import { entryHash, type LedgerEntryContent } from '@/plugins/medicalReview/ledger/entryHash'
import { findFirstBrokenEntry, type StoredEntry } from '@/plugins/medicalReview/ledger/verifyLedger'

function chain(count: number): StoredEntry[] {
  const entries: StoredEntry[] = []
  let previousHash: string | null = null
  for (let i = 1; i <= count; i++) {
    const content: LedgerEntryContent = {
      subjectCollection: 'articles',
      subjectId: String(i),
      versionId: `v${i}`,
      contentHash: 'a'.repeat(64),
      snapshot: { question: `Q${i}?` },
      decision: 'approve',
      comments: null,
      reviewer: 7,
      reviewerName: 'Dr Rui',
      reviewerCredentials: 'MD',
      signedAt: new Date(Date.UTC(2026, 0, i)).toISOString(),
      nextReviewDue: new Date(Date.UTC(2027, 0, i)).toISOString(),
      previousHash,
    }
    const hash = entryHash(content)
    entries.push({ ...content, id: i, entryHash: hash })
    previousHash = hash
  }
  return entries
}

describe('ledger chain', () => {
  it('verifies an intact chain', () => {
    expect(findFirstBrokenEntry(chain(5))).toBeNull()
  })

  it('finds the first altered entry', () => {
    const entries = chain(5)
    entries[2] = { ...entries[2]!, reviewerCredentials: 'PhD' }
    expect(findFirstBrokenEntry(entries)).toMatchObject({ id: 3, kind: 'altered' })
  })

  it('finds a removed entry by the broken link after it', () => {
    const entries = chain(5)
    entries.splice(1, 1)
    expect(findFirstBrokenEntry(entries)).toMatchObject({ id: 3, kind: 'broken-link' })
  })

  it('finds a rewritten entry whose hash was recomputed, through the next link', () => {
    const entries = chain(4)
    const forged = { ...entries[1]!, decision: 'changes-requested' }
    entries[1] = { ...forged, entryHash: entryHash(forged) }
    expect(findFirstBrokenEntry(entries)).toMatchObject({ id: 3, kind: 'broken-link' })
  })

  it('covers every asserted field', () => {
    const [entry] = chain(1)
    const base = entryHash(entry!)
    for (const change of [
      { decision: 'changes-requested' },
      { contentHash: 'b'.repeat(64) },
      { snapshot: { question: 'Other?' } },
      { reviewer: 8 },
      { signedAt: new Date(0).toISOString() },
      { versionId: 'v9' },
    ]) {
      expect(entryHash({ ...entry!, ...change })).not.toBe(base)
    }
  })
})

describe('fields entries gained later (change note, confirmed interval, clinical editors)', () => {
  const legacy = chain(1)[0]!

  it('leave the hash of an entry written before them unchanged, so old chains still verify', () => {
    const { id: _id, entryHash: stored, ...content } = legacy
    expect(entryHash({ ...content, changeNote: null, reviewIntervalMonths: null, clinicalEditors: null })).toBe(stored)
  })

  it('are covered by the hash once an entry carries them: rewriting any is tampering', () => {
    const { id: _id, entryHash: _stored, ...content } = legacy
    const signed = {
      ...content,
      changeNote: 'Clearer advice on red flags.',
      reviewIntervalMonths: 12,
      clinicalEditors: [{ id: 3, name: 'Ada Writer' }],
    }
    const hash = entryHash(signed)
    expect(hash).not.toBe(entryHash({ ...signed, changeNote: 'Cured in a week.' }))
    expect(hash).not.toBe(entryHash({ ...signed, reviewIntervalMonths: 1200 }))
    expect(hash).not.toBe(entryHash({ ...signed, clinicalEditors: [] }))
    expect(hash).not.toBe(entryHash({ ...signed, changeNote: null }))
    expect(findFirstBrokenEntry([{ ...signed, id: 1, entryHash: hash, reviewIntervalMonths: 1200 }])).toMatchObject({
      id: 1,
      kind: 'altered',
    })
  })
})
