import { isolateObjectProperty } from 'payload'
import { describe, expect, it } from 'vitest'

import { requestScoped } from '@/plugins/common/requestScope'

/** A stand-in for a Payload request: what matters is its identity and its `payload` property. */
const request = () => ({ payload: {}, locale: 'en', context: {} }) as Record<string, unknown>

describe('requestScoped', () => {
  it('gives every hook of one request the same scope, whatever variation of the request it is handed', () => {
    const req = request()
    const derived = Object.create(req) as Record<string, unknown> // another locale, as Payload does
    derived.locale = 'de'
    const isolated = isolateObjectProperty(req, ['locale', 'fallbackLocale']) // restoring a version, Payload 3.90
    const seen = requestScoped(isolated, 'seen', () => new Set<string>())
    seen.add('from the restore hook')
    expect(requestScoped(req, 'seen', () => new Set<string>())).toBe(seen)
    expect(requestScoped(derived, 'seen', () => new Set<string>())).toBe(seen)
  })

  it('finds a scope first made on a derived request from the request it derives from', () => {
    const req = request()
    const first = requestScoped(Object.create(req) as object, 'value', () => ({ n: 1 }))
    expect(requestScoped(req, 'value', () => ({ n: 2 }))).toBe(first)
  })

  it('keeps requests apart, and out of anything a caller can see or set', () => {
    const a = request()
    const b = request()
    requestScoped(a, 'value', () => 'a')
    expect(requestScoped(b, 'value', () => 'b')).toBe('b')
    expect(Object.keys(a)).toEqual(['payload', 'locale', 'context'])
    expect(JSON.stringify(a)).not.toContain('"a"')
  })
})
