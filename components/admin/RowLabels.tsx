'use client'

/**
 * Array rows in the admin labelled by what they hold ("2. Lumbar disc herniation") instead of
 * Payload's "Cause 02": a reviewer scanning collapsed rows sees which source or cause is which.
 * The number is the one readers see, since both lists are shown numbered.
 */
import { useRowLabel } from '@payloadcms/ui'

/** `number. text`, the first non-blank text, or `fallback number` when there is none. */
export function rowLabel(rowNumber: number | undefined, fallback: string, ...texts: unknown[]): string {
  const number = (rowNumber ?? 0) + 1
  const text = texts.find((value): value is string => typeof value === 'string' && value.trim() !== '')
  return text ? `${number}. ${text.trim().replace(/\s+/g, ' ')}` : `${fallback} ${number}`
}

/** A reference row: its title, else its URL or DOI, else "Reference N". */
export function ReferenceRowLabel() {
  const { data, rowNumber } = useRowLabel<{ title?: string | null; url?: string | null }>()
  return <span>{rowLabel(rowNumber, 'Reference', data?.title, data?.url)}</span>
}

/** A cause row: its heading, else "Cause N". */
export function CauseRowLabel() {
  const { data, rowNumber } = useRowLabel<{ heading?: string | null }>()
  return <span>{rowLabel(rowNumber, 'Cause', data?.heading)}</span>
}
