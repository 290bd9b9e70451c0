import type { RichTextField } from 'payload'
import { richText as lexicalValidation } from 'payload/shared'

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
    validate: async (value, options) => {
      if (required && isEmpty(value)) return 'This field is required.'
      // The editor's own checks (node types, headings, links, uploads) run first.
      const editorResult = await lexicalValidation(value, options)
      if (editorResult !== true) return editorResult
      const unsafe = findUnsafeLinks(value)
      if (unsafe.length) {
        return `Links must be web addresses (https://…), mail addresses or site paths; remove or fix: ${unsafe.join(', ')}`
      }
      return true
    },
  } satisfies RichTextField
}
