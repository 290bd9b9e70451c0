import type { TextField } from 'payload'

import { slugify } from '@/lib/slugify'

/**
 * A unique, indexed slug made from `from` when left empty, and normalised when typed.
 * Shown in the sidebar.
 */
export function slugField(from: string, overrides: Partial<TextField> = {}): TextField {
  return {
    name: 'slug',
    type: 'text',
    unique: true,
    index: true,
    // Not `required` in the schema (the hook fills it, so callers need not send one), but
    // validated: a slug that comes out empty is refused.
    validate: (value: unknown) =>
      typeof value === 'string' && value.length > 0
        ? true
        : `Give this a ${from} (or a slug) made of letters or numbers.`,
    admin: { position: 'sidebar', description: `Made from the ${from} when left empty.` },
    hooks: {
      beforeValidate: [
        ({ value, data, originalDoc }) => {
          const typed = typeof value === 'string' && value.trim() ? value : undefined
          const source = typed ?? data?.[from] ?? originalDoc?.[from]
          return typeof source === 'string' ? slugify(source) : value
        },
      ],
    },
    ...overrides,
  } as TextField
}
