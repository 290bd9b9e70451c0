/**
 * PostgreSQL connection URLs: validation with messages a person can act on, and safe printing.
 * Pure functions, safe to import from code that Next.js bundles (unlike ./database).
 */
export class DatabaseSetupError extends Error {
  override name = 'DatabaseSetupError'
}

const POSTGRES_PROTOCOLS = new Set(['postgres:', 'postgresql:'])

/**
 * Validates a PostgreSQL connection URL and returns it parsed. `name` is what the messages call it:
 * the environment variable it came from (and which entry, for a list).
 */
export function parseDatabaseUrl(raw: string, name = 'DATABASE_URL'): URL {
  const value = raw.trim()
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new DatabaseSetupError(
      `${name} is not a valid URL ("${redact(value)}"). ` +
        'Use the form postgres://USER:PASSWORD@HOST:5432/DATABASE' +
        (name === 'DATABASE_URL' ? ', or unset DATABASE_URL to use the embedded PostgreSQL.' : '.'),
    )
  }
  if (!POSTGRES_PROTOCOLS.has(url.protocol)) {
    throw new DatabaseSetupError(
      `${name} must start with postgres:// or postgresql://, not "${url.protocol}//". ` +
        'Causeway runs on PostgreSQL only.',
    )
  }
  if (!url.hostname && !url.searchParams.get('host')) {
    throw new DatabaseSetupError(
      `${name} has no host ("${redact(value)}"). Example: postgres://postgres@127.0.0.1:5432/causeway`,
    )
  }
  if (url.pathname.replace(/^\//, '') === '') {
    throw new DatabaseSetupError(
      `${name} names no database ("${redact(value)}"). Add one after the host, e.g. …:5432/causeway`,
    )
  }
  return url
}

/** The URL with its password replaced, safe to print. */
export function redact(raw: string): string {
  try {
    const url = new URL(raw)
    if (url.password) url.password = '***'
    return url.toString()
  } catch {
    return raw.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@')
  }
}

/** Returns a copy of `url` pointing at another database on the same server. */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}
