/** "Lower back pain" → "lower-back-pain": lowercase ASCII words joined by hyphens. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** Whether `value` could be a slug `slugify` made: lowercase words joined by single hyphens. */
export const isSlug = (value: string): boolean => value.length <= 200 && SLUG.test(value)
