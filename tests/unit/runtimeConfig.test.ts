import { describe, expect, it } from 'vitest'

import {
  ConfigurationError,
  databaseReplicaUrls,
  databaseUrl,
  EXAMPLE_SECRET,
  payloadSecret,
  serverNodeOptions,
  serverUrl,
  wholeNumberSetting,
} from '@/lib/runtimeConfig'

const STRONG = 'f'.repeat(64)
const production = { NODE_ENV: 'production' } as NodeJS.ProcessEnv
const development = { NODE_ENV: 'development' } as NodeJS.ProcessEnv
const build = { NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' } as NodeJS.ProcessEnv

describe('payloadSecret', () => {
  it.each([
    ['missing', undefined, /PAYLOAD_SECRET is not set/],
    ['blank', '   ', /PAYLOAD_SECRET is not set/],
    ['the .env.example value', EXAMPLE_SECRET, /still the example value/],
    ['short', 'too-short-secret', /16 characters; production needs at least 32/],
  ])('refuses a %s secret in production, saying how to make one', (_case, secret, message) => {
    const env = { ...production, PAYLOAD_SECRET: secret }
    expect(() => payloadSecret(env)).toThrow(ConfigurationError)
    expect(() => payloadSecret(env)).toThrow(message)
    expect(() => payloadSecret(env)).toThrow(/randomBytes\(32\)/)
  })

  it('accepts a long random secret in production', () => {
    expect(payloadSecret({ ...production, PAYLOAD_SECRET: STRONG })).toBe(STRONG)
  })

  it('allows short and example secrets in development but not a missing one', () => {
    expect(payloadSecret({ ...development, PAYLOAD_SECRET: EXAMPLE_SECRET })).toBe(EXAMPLE_SECRET)
    expect(() => payloadSecret(development)).toThrow(/npm run dev` sets one for you/)
  })

  it('lets `next build` evaluate the config without a secret', () => {
    expect(payloadSecret(build)).toMatch(/placeholder/)
    expect(payloadSecret({ ...build, PAYLOAD_SECRET: STRONG })).toBe(STRONG)
  })
})

describe('databaseUrl', () => {
  it('returns a valid DATABASE_URL', () => {
    const url = 'postgres://postgres@127.0.0.1:5432/causeway'
    expect(databaseUrl({ ...production, DATABASE_URL: url })).toBe(url)
  })

  it('explains how to get a database when DATABASE_URL is missing', () => {
    expect(() => databaseUrl(development)).toThrow(/DATABASE_URL is not set\. `npm run dev` and `npm test`/)
  })

  it('tells production it needs a server, not the embedded database', () => {
    expect(() => databaseUrl(production)).toThrow(/Production needs a PostgreSQL server/)
  })

  it('reports a malformed DATABASE_URL as a configuration error', () => {
    expect(() => databaseUrl({ ...production, DATABASE_URL: 'mysql://x@y/z' })).toThrow(ConfigurationError)
  })

  it('needs no DATABASE_URL while `next build` runs', () => {
    expect(databaseUrl(build)).toBeUndefined()
  })
})

describe('databaseReplicaUrls', () => {
  const one = 'postgres://causeway:secret@replica-1:5432/causeway'
  const two = 'postgresql://causeway:secret@replica-2:5432/causeway?sslmode=require'

  it('is undefined when unset or blank: everything reads DATABASE_URL', () => {
    expect(databaseReplicaUrls(production)).toBeUndefined()
    expect(databaseReplicaUrls({ ...production, DATABASE_REPLICA_URLS: '  ' })).toBeUndefined()
  })

  it('returns each comma-separated URL, trimmed', () => {
    expect(databaseReplicaUrls({ ...production, DATABASE_REPLICA_URLS: ` ${one} , ${two} ` })).toEqual([one, two])
  })

  it.each([
    ['mysql://x@replica/causeway', /^DATABASE_REPLICA_URLS must start with postgres:\/\//],
    [`${one},not a url`, /^DATABASE_REPLICA_URLS \(entry 2 of 2\) is not a valid URL/],
    [`${one},,${two}`, /^DATABASE_REPLICA_URLS \(entry 2 of 3\) is empty\. Separate/],
    [`${one},postgres://replica-2:5432`, /^DATABASE_REPLICA_URLS \(entry 2 of 2\) names no database/],
  ])('refuses %s, naming the variable and the entry', (value, message) => {
    const env = { ...production, DATABASE_REPLICA_URLS: value }
    expect(() => databaseReplicaUrls(env)).toThrow(ConfigurationError)
    expect(() => databaseReplicaUrls(env)).toThrow(message)
  })

  it('never echoes a password in its error', () => {
    const env = { ...production, DATABASE_REPLICA_URLS: 'postgres://admin:hunter2@replica-1:5432' }
    expect(() => databaseReplicaUrls(env)).toThrow(/admin:\*\*\*@replica-1/)
    expect(() => databaseReplicaUrls(env)).not.toThrow(/hunter2/)
  })
})

describe('serverUrl', () => {
  it('is required in production, saying what to set', () => {
    expect(() => serverUrl(production)).toThrow(/SERVER_URL is not set\. Production needs/)
    expect(serverUrl({ ...production, SERVER_URL: 'https://causeway.example' })).toBe('https://causeway.example')
  })

  it('defaults to localhost:3000 and drops trailing slashes', () => {
    expect(serverUrl({} as NodeJS.ProcessEnv)).toBe('http://localhost:3000')
    expect(serverUrl({ SERVER_URL: 'https://causeway.example/' } as unknown as NodeJS.ProcessEnv)).toBe(
      'https://causeway.example',
    )
  })
})

describe('serverNodeOptions', () => {
  it('gives the server a heap budget of SERVER_HEAP_MB, 256 MB by default', () => {
    expect(serverNodeOptions(production)).toBe('--max-old-space-size=256')
    expect(serverNodeOptions({ ...production, SERVER_HEAP_MB: '512' })).toBe('--max-old-space-size=512')
    expect(serverNodeOptions({ ...production, NODE_OPTIONS: '--enable-source-maps' })).toBe(
      '--enable-source-maps --max-old-space-size=256',
    )
  })

  it('leaves a heap size already in NODE_OPTIONS alone', () => {
    expect(serverNodeOptions({ ...production, NODE_OPTIONS: '--max-old-space-size=1024', SERVER_HEAP_MB: '512' })).toBe(
      '--max-old-space-size=1024',
    )
  })

  it('refuses a budget that is not a whole number of at least 128 MB, saying what to set', () => {
    for (const value of ['64', 'lots', '256.5']) {
      expect(() => serverNodeOptions({ ...production, SERVER_HEAP_MB: value })).toThrow(
        /SERVER_HEAP_MB must be a whole number/,
      )
    }
  })
})

describe('wholeNumberSetting', () => {
  const port = (value?: string) =>
    wholeNumberSetting({ EDGE_PORT: value }, 'EDGE_PORT', { fallback: 8080, min: 1, max: 65535 })

  it('is the fallback when unset or blank, and the number when it is a whole number in range', () => {
    expect(port()).toBe(8080)
    expect(port('  ')).toBe(8080)
    expect(port(' 8088 ')).toBe(8088)
    expect(port('1')).toBe(1)
    expect(port('65535')).toBe(65535)
  })

  it('refuses anything else, naming the variable, the range and the value given', () => {
    for (const bad of ['0', '65536', '-1', '1e3', '80.5', '0x50', '80 80', 'eighty']) {
      expect(() => port(bad), bad).toThrow(ConfigurationError)
      expect(() => port(bad), bad).toThrow(`EDGE_PORT must be a whole number, from 1 to 65535 (got "${bad}")`)
    }
    expect(() =>
      wholeNumberSetting({ SERVER_HEAP_MB: '64' }, 'SERVER_HEAP_MB', {
        fallback: 256,
        min: 128,
        max: Number.MAX_SAFE_INTEGER,
        unit: 'megabytes',
      }),
    ).toThrow('SERVER_HEAP_MB must be a whole number of megabytes, at least 128 (got "64"). Leave it unset for 256.')
  })
})
