/**
 * The count beside a dashboard card's title, styled like the review queue's cards (which the
 * review plugin draws itself: a plugin does not import the host's components). Dark when there is
 * something to do, pale at zero.
 */
export function CountBadge({ count }: { count: number }) {
  return (
    <span
      data-count
      style={{
        display: 'inline-block',
        minWidth: '1.6em',
        padding: '0 0.45em',
        borderRadius: '999px',
        background: count ? 'var(--theme-elevation-800)' : 'var(--theme-elevation-100)',
        color: count ? 'var(--theme-elevation-0)' : 'var(--theme-elevation-600)',
        fontSize: '0.75rem',
        lineHeight: '1.6em',
        textAlign: 'center',
      }}
    >
      {count}
    </span>
  )
}
