/**
 * For importers that write review history in bulk, straight to the database (the 10 000-article
 * seeder): the same computations the plugin's hooks make on every save — the clinical hash, the
 * stage after an edit, who edited the clinical content, the ledger entry and its hash, the
 * publication record — so bulk-written history is indistinguishable from history made through
 * the workflow and `verifyStoredLedger` accepts it. Take `lockLedgerHead` before appending.
 */
export { clinicalHash } from './clinicalHash'
export { signedFieldsOf } from './gate'
export { clinicalEditorsAfter, publicationData, type PublicationRecord, signOffFromEntry } from './hooks/reviewHooks'
export { lockLedgerHead } from './ledger/appendEntry'
export { signOffEntryContent } from './ledger/entryContent'
export { entryHash } from './ledger/entryHash'
export { namesOf } from './people'
export { type ReviewStage, stageAfterEdit } from './stages'
