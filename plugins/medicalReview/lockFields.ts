import type { Field, FieldAccess } from 'payload'

import { transitionOf } from './context'
import { LOCKED_STAGES, type ReviewStage } from './stages'

/**
 * Field access for clinical content: not editable while the document is in review or approved
 * (the admin shows it read-only). Workflow steps write through transitions and are let through.
 * A write that still tries is refused with the reason by the review hook, never ignored.
 */
export const unlessLocked =
  (collection: string): FieldAccess =>
  ({ doc, id, req }) => {
    if (transitionOf(req, collection, id ?? (doc as { id?: number | string } | undefined)?.id)) return true
    const stage = (doc as { reviewStage?: ReviewStage } | undefined)?.reviewStage
    return !stage || !LOCKED_STAGES.includes(stage)
  }

/** `fields` with every top-level clinical field (inside tabs, rows and collapsibles too) locked by stage. */
export function lockClinicalFields(fields: Field[], clinical: readonly string[], collection: string): Field[] {
  const access = unlessLocked(collection)
  const lock = (field: Field): Field => {
    if ('name' in field && clinical.includes(field.name) && field.type !== 'ui') {
      const withAccess = field as Field & { access?: { update?: FieldAccess } }
      const own = withAccess.access?.update
      return {
        ...field,
        access: {
          ...withAccess.access,
          update: own ? async (args) => (await access(args)) && (await own(args)) : access,
        },
      } as Field
    }
    if (field.type === 'tabs') {
      return {
        ...field,
        tabs: field.tabs.map((tab) => ('name' in tab && tab.name ? tab : { ...tab, fields: tab.fields.map(lock) })),
      }
    }
    if ((field.type === 'row' || field.type === 'collapsible') && 'fields' in field) {
      return { ...field, fields: field.fields.map(lock) } as Field
    }
    return field
  }
  return fields.map(lock)
}
