import type { CollectionConfig } from 'payload'

import { adminOnly, adminOnlyField } from '@/access/adminOnly'
import { adminOrSelf } from '@/access/adminOrSelf'
import { ROLE_LABELS, ROLES } from '@/access/roles'
import { staffOnly } from '@/access/staffOnly'

import { makeFirstUserAdmin } from './hooks/makeFirstUserAdmin'

export const Users: CollectionConfig = {
  slug: 'users',
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'email', 'roles'],
  },
  auth: true,
  access: {
    admin: staffOnly,
    create: adminOnly,
    read: adminOrSelf,
    update: adminOrSelf,
    delete: adminOnly,
    unlock: adminOnly,
  },
  hooks: {
    beforeChange: [makeFirstUserAdmin],
  },
  fields: [
    {
      name: 'name',
      type: 'text',
      required: true,
    },
    {
      name: 'roles',
      type: 'select',
      hasMany: true,
      required: true,
      defaultValue: ['writer'],
      saveToJWT: true,
      options: ROLES.map((role) => ({ label: ROLE_LABELS[role], value: role })),
      access: {
        // Nobody grants themselves a role: only admins set roles.
        create: adminOnlyField,
        update: adminOnlyField,
      },
      admin: {
        description: 'Writers draft, clinical reviewers sign off, editors publish, admins manage users.',
      },
    },
  ],
}
