import { describe, expect, it } from 'vitest'

import { DatabaseSetupError, parseDatabaseUrl, redact, withDatabaseName } from '@/lib/db/url'

describe('parseDatabaseUrl', () => {
  it.each([
    'postgres://postgres@127.0.0.1:5432/causeway',
    'postgresql://user:secret@db.internal/causeway?sslmode=require',
    '  postgres://u:p@localhost:6543/app  ',
  ])('accepts %s', (raw) => {
    expect(parseDatabaseUrl(raw).pathname.length).toBeGreaterThan(1)
  })

  it.each([
    ['not a url', /not a valid URL/],
    ['mysql://root@127.0.0.1:3306/causeway', /must start with postgres:\/\//],
    ['postgres://127.0.0.1:5432', /names no database/],
    ['postgres://127.0.0.1:5432/', /names no database/],
    ['http://example.com/causeway', /must start with postgres:\/\//],
  ])('rejects %s with a message saying what to do', (raw, message) => {
    expect(() => parseDatabaseUrl(raw)).toThrow(DatabaseSetupError)
    expect(() => parseDatabaseUrl(raw)).toThrow(message)
  })

  it('never echoes a password in its error', () => {
    expect(() => parseDatabaseUrl('postgres://admin:hunter2@127.0.0.1:5432')).toThrow(
      /postgres:\/\/admin:\*\*\*@127\.0\.0\.1:5432/,
    )
    try {
      parseDatabaseUrl('postgres://admin:hunter2@127.0.0.1:5432')
    } catch (error) {
      expect(String(error)).not.toContain('hunter2')
    }
  })
})

describe('redact', () => {
  it('hides the password and keeps the rest', () => {
    expect(redact('postgres://u:s3cret@h:5432/db')).toBe('postgres://u:***@h:5432/db')
    expect(redact('postgres://u@h:5432/db')).toBe('postgres://u@h:5432/db')
  })
})

describe('withDatabaseName', () => {
  it('swaps the database and keeps credentials and options', () => {
    expect(withDatabaseName('postgres://u:p@h:5432/main?sslmode=disable', 'other')).toBe(
      'postgres://u:p@h:5432/other?sslmode=disable',
    )
  })
})
