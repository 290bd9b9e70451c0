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
