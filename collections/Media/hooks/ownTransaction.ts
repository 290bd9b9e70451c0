import {
  type CollectionAfterOperationHook,
  type CollectionBeforeOperationHook,
  commitTransaction,
  initTransaction,
} from 'payload'

/**
 * The operations (by their arguments object, which Payload hands to both hooks) whose transaction
 * `openTransaction` started. Keyed by operation, not request: reads and other operations nested in
 * the same request run these hooks too, and must not commit the outer write's transaction.
 */
const opened = new WeakSet<object>()

/**
 * Makes every write to media run in a transaction, even a Local API call with
 * `disableTransaction: true`: the in-use check holds the ledger's advisory lock until the write
 * commits, and outside a transaction there would be nothing to hold it (see keepMediaInUse.ts).
 * Payload's operations open their own transaction before this hook runs, so usually there is
 * nothing to do. When this hook opens one, Payload rolls it back if the operation throws (its
 * error path always kills the request's transaction) and `commitOpenedTransaction` commits it
 * after a success.
 */
export const openTransaction: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if ((operation === 'create' || operation === 'update' || operation === 'delete') && (await initTransaction(req)))
    opened.add(args)
  return args
}

export const commitOpenedTransaction: CollectionAfterOperationHook = async ({ args, req, result }) => {
  if (opened.delete(args)) await commitTransaction(req)
  return result
}
