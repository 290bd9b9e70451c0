import { entryHash, type LedgerEntryContent } from './entryHash'

export type StoredEntry = LedgerEntryContent & { id: number | string; entryHash: string }

export type LedgerProblem =
  | { id: number | string; kind: 'altered'; expected: string; stored: string }
  | { id: number | string; kind: 'broken-link'; expected: string | null; stored: string | null }

/**
 * Walks the ledger in insertion order and reports the first entry that does not hold: its stored
 * hash no longer matches its content (it was altered), or it does not point at the entry before
 * it (one was removed or inserted). Returns null for an intact ledger.
 */
export function findFirstBrokenEntry(entries: Iterable<StoredEntry>): LedgerProblem | null {
  let previous: string | null = null
  for (const entry of entries) {
    if ((entry.previousHash ?? null) !== previous) {
      return { id: entry.id, kind: 'broken-link', expected: previous, stored: entry.previousHash ?? null }
    }
    const expected = entryHash(entry)
    if (expected !== entry.entryHash) return { id: entry.id, kind: 'altered', expected, stored: entry.entryHash }
    previous = entry.entryHash
  }
  return null
}
