import type { Article } from '@/payload-types'

/** A stored rich-text value, as Payload types it. */
export type RichTextValue = Article['intro']

/** A Lexical editor state holding plain paragraphs — for seed content and tests. */
export function paragraphs(...texts: string[]): RichTextValue {
  return {
    root: {
      type: 'root',
      version: 1,
      direction: 'ltr',
      format: '',
      indent: 0,
      children: texts.map((text) => ({
        type: 'paragraph',
        version: 1,
        direction: 'ltr',
        format: '',
        indent: 0,
        textFormat: 0,
        textStyle: '',
        children: [{ type: 'text', version: 1, text, format: 0, style: '', mode: 'normal', detail: 0 }],
      })),
    },
  }
}
