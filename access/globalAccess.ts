import type { Access, SanitizedConfig } from 'payload'

import { GLOBALS, type GlobalOperation, type MatrixGlobal, mayGlobal } from './matrix'

const isGoverned = (slug: string): slug is MatrixGlobal => (GLOBALS as readonly string[]).includes(slug)

const accessFor =
  (slug: MatrixGlobal, operation: GlobalOperation): Access =>
  ({ req: { user } }) =>
    mayGlobal(slug, operation, user as never)

/**
 * Gives every global of the running config its access from the table (GLOBAL_ACCESS). Payload
 * adds some globals itself while sanitising the config — after plugins run, with its default
 * access — so this is applied to the built config. A global the table does not name stops the
 * start: nothing runs with access nobody decided.
 */
export function withGlobalAccess(config: SanitizedConfig): SanitizedConfig {
  for (const global of config.globals) {
    if (!isGoverned(global.slug)) {
      throw new Error(
        `The global "${global.slug}" has no row in access/matrix.ts (GLOBAL_ACCESS). Add one: who may read and update it.`,
      )
    }
    const read = accessFor(global.slug, 'read')
    global.access = { ...global.access, read, readVersions: read, update: accessFor(global.slug, 'update') }
  }
  return config
}
