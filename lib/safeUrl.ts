/**
 * Which links may be rendered as links. Health content links out to sources; a `javascript:` or
 * `data:` URL in an article would run in the reader's browser, so only web links, mail links
 * and site-relative paths are allowed, and DOIs are turned into their resolver URL.
 */
const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])
const DOI = /^(?:doi:\s*)?(10\.\d{4,9}\/\S+)$/i

/** The URL a reference's "URL or DOI" points to, or null when it is neither http(s) nor a DOI. */
export function referenceHref(value: string | null | undefined): string | null {
  const trimmed = value?.trim()
  if (!trimmed) return null
  const doi = trimmed.match(DOI)
  if (doi) return `https://doi.org/${doi[1]}`
  return /^https?:/i.test(trimmed) ? safeHref(trimmed) : null
}

/** `href` if it is safe to render as a link, otherwise null. */
export function safeHref(href: string | null | undefined): string | null {
  const trimmed = href?.trim()
  if (!trimmed) return null
  // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
  // eslint-disable-next-line no-control-regex -- control characters are what this strips
  const collapsed = trimmed.replace(/[\u0000-\u0020\u007f-\u009f]/g, '')
  // A site path, but not "//host" or "/\\host", which browsers treat as another site.
  if (collapsed.startsWith('/') && collapsed[1] !== '/' && collapsed[1] !== '\\') return trimmed
  if (collapsed.startsWith('#')) return trimmed
  try {
    const url = new URL(collapsed)
    return ALLOWED_PROTOCOLS.has(url.protocol) ? url.toString() : null
  } catch {
    return null
  }
}
