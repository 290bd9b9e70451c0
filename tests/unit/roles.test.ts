import { describe, expect, it } from 'vitest'

import { isAdmin, isEditor, isStaff, ROLES, type Role } from '@/access/roles'

const user = (...roles: string[]) => ({ roles })

describe('role predicates', () => {
  // [who, isStaff, isEditor, isAdmin]
  const table: Array<[string, { roles: string[] } | null, boolean, boolean, boolean]> = [
    ['anonymous', null, false, false, false],
    ['user without roles', user(), false, false, false],
    ['unknown role only', user('superuser'), false, false, false],
    ['writer', user('writer'), true, false, false],
    ['reviewer', user('reviewer'), true, false, false],
    ['editor', user('editor'), true, true, false],
    ['admin', user('admin'), true, true, true],
    ['writer + reviewer', user('writer', 'reviewer'), true, false, false],
  ]

  it.each(table)('%s', (_who, subject, staff, editor, admin) => {
    expect(isStaff(subject)).toBe(staff)
    expect(isEditor(subject)).toBe(editor)
    expect(isAdmin(subject)).toBe(admin)
  })

  it('knows exactly the four roles of the design', () => {
    expect([...ROLES].sort()).toEqual<Role[]>(['admin', 'editor', 'reviewer', 'writer'])
  })
})
