import type { RichTextField } from 'payload'

import { findUnsafeLinks } from '@/lib/richText/findUnsafeLinks'

const isEmpty = (value: unknown): boolean => {
  const children = (value as { root?: { children?: Array<{ children?: unknown[]; text?: string }> } } | null)?.root
    ?.children
  if (!children?.length) return true
  return children.every((child) => !child.children?.length && !child.text)
}

/**
 * A rich-text field for clinical content: required when asked, and refusing links whose scheme
 * could run code in a reader's browser (`javascript:`, `data:` …).
 */
export function richTextField(name: string, options: Partial<RichTextField> = {}): RichTextField {
  const required = Boolean(options.required)
  return {
    name,
    type: 'richText',
    ...options,
    validate: (value: unknown) => {
      if (required && isEmpty(value)) return 'This field is required.'
      const unsafe = findUnsafeLinks(value)
      if (unsafe.length) {
        return `Links must be web addresses (https://…), mail addresses or site paths; remove or fix: ${unsafe.join(', ')}`
      }
      return true
    },
  } as RichTextField
}
