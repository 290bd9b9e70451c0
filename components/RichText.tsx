import type { SerializedAutoLinkNode, SerializedLinkNode } from '@payloadcms/richtext-lexical'
import { type JSXConvertersFunction, RichText as LexicalRichText } from '@payloadcms/richtext-lexical/react'

import { safeHref } from '@/lib/safeUrl'
import type { RichTextValue } from '@/lib/richText/paragraphs'

const PATHS: Record<string, string> = { articles: '/articles', conditions: '/conditions', symptoms: '/symptoms' }

function hrefOf(node: SerializedLinkNode | SerializedAutoLinkNode): string | null {
  const { fields } = node
  if (fields.linkType === 'internal') {
    const doc = fields.doc
    const value = doc?.value
    const slug = value && typeof value === 'object' && 'slug' in value ? (value as { slug?: string }).slug : undefined
    const base = doc ? PATHS[doc.relationTo] : undefined
    return base && slug ? `${base}/${slug}` : null
  }
  return safeHref(fields.url)
}

/**
 * Links render only when their target is safe (web, mail or site links): a `javascript:` or
 * `data:` URL that got into stored content is shown as its text, never as a link.
 */
const converters: JSXConvertersFunction = ({ defaultConverters }) => {
  const link = ({
    node,
    nodesToJSX,
  }: {
    node: SerializedLinkNode | SerializedAutoLinkNode
    nodesToJSX: (args: { nodes: unknown[] }) => React.ReactNode[]
  }) => {
    const children = nodesToJSX({ nodes: node.children })
    const href = hrefOf(node)
    if (!href) return <>{children}</>
    const external = /^https?:/i.test(href)
    return (
      <a
        href={href}
        {...(node.fields.newTab ? { target: '_blank' } : {})}
        {...(node.fields.newTab || external ? { rel: 'noopener noreferrer' } : {})}
      >
        {children}
      </a>
    )
  }
  return { ...defaultConverters, link, autolink: link } as ReturnType<JSXConvertersFunction>
}

/** Lexical rich text rendered on the server: plain HTML, no client JavaScript. */
export function RichText({ data, className }: { data: RichTextValue | null | undefined; className?: string }) {
  if (!data) return null
  return (
    <LexicalRichText className={className} converters={converters} data={data as never} disableContainer={!className} />
  )
}
