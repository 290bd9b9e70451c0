/** IDs from a relationship value, whether populated (`{ id }`) or not, single or many. */
export function relationIds(value: unknown): Array<number | string> {
  const items = Array.isArray(value) ? value : value == null ? [] : [value]
  return items
    .map((item) => (item && typeof item === 'object' && 'id' in item ? (item as { id: number | string }).id : item))
    .filter((id): id is number | string => typeof id === 'number' || typeof id === 'string')
}
