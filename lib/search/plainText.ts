/** The text of a Lexical rich-text value, paragraphs separated by blank lines (pure). */
export function plainText(value: unknown): string {
  const blocks: string[] = []
  const visit = (node: unknown, into: string[]) => {
    if (!node || typeof node !== 'object') return
    const { text, children } = node as { text?: unknown; children?: unknown }
    if (typeof text === 'string') into.push(text)
    if (Array.isArray(children)) for (const child of children) visit(child, into)
  }
  const root = (value as { root?: { children?: unknown[] } } | null)?.root
  for (const block of root?.children ?? []) {
    const parts: string[] = []
    visit(block, parts)
    const joined = parts.join('').trim()
    if (joined) blocks.push(joined)
  }
  return blocks.join('\n\n')
}
