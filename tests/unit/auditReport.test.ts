import { describe, expect, it } from 'vitest'

import { auditVerdict } from '@/tooling/auditReport'

describe('auditVerdict', () => {
  it('fails on a high or critical advisory and names the package', () => {
    const output = JSON.stringify({
      metadata: { vulnerabilities: { high: 1, moderate: 1 } },
      vulnerabilities: {
        next: {
          name: 'next',
          severity: 'high',
          via: [{ title: 'Authorization bypass', url: 'https://github.com/advisories/x' }],
        },
        foo: { name: 'foo', severity: 'moderate', via: ['bar'] },
      },
    })
    expect(auditVerdict(output)).toEqual({
      kind: 'failing',
      packages: [{ name: 'next', severity: 'high', via: ['Authorization bypass https://github.com/advisories/x'] }],
    })
  })

  it('passes with only moderate or low advisories', () => {
    const output = JSON.stringify({
      metadata: { vulnerabilities: { moderate: 2 } },
      vulnerabilities: { foo: { name: 'foo', severity: 'moderate', via: [] } },
    })
    expect(auditVerdict(output).kind).toBe('clean')
  })

  it('says when the audit endpoint could not be reached instead of passing', () => {
    expect(auditVerdict(JSON.stringify({ error: { code: 'E405', summary: '405 Method Not Allowed' } }))).toEqual({
      kind: 'unavailable',
      reason: '405 Method Not Allowed',
    })
    expect(auditVerdict('').kind).toBe('unavailable')
  })
})
