import { safeHref } from '@/lib/safeUrl'

type LexicalNode = { type?: string; children?: LexicalNode[]; fields?: { url?: unknown; linkType?: unknown } }

/** URLs of custom links in a Lexical editor state that could not be rendered as safe links. */
export function findUnsafeLinks(state: unknown): string[] {
  const unsafe: string[] = []
  const visit = (node: LexicalNode | undefined) => {
    if (!node || typeof node !== 'object') return
    if ((node.type === 'link' || node.type === 'autolink') && node.fields?.linkType !== 'internal') {
      const url = typeof node.fields?.url === 'string' ? node.fields.url : ''
      if (!safeHref(url)) unsafe.push(url)
    }
    node.children?.forEach(visit)
  }
  visit((state as { root?: LexicalNode } | null)?.root)
  return unsafe
}
