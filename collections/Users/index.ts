import type { CollectionConfig } from 'payload'

import { adminOnlyField } from '@/access/adminOnly'
import { collectionAccess } from '@/access/fromMatrix'
import { ROLE_LABELS, ROLES } from '@/access/roles'
import { selfOrAdminField } from '@/access/selfOrAdminField'
import { staffOnlyField } from '@/access/staffOnlyField'
import { slugField } from '@/fields/slug'
import { SPECIALTIES } from '@/fields/specialties'
import { isProduction } from '@/lib/runtimeConfig'

import { endOtherSessions } from './hooks/endOtherSessions'
import { guardPrivatePaths, hideSessions } from './hooks/guardPrivatePaths'
import { makeFirstUserAdmin } from './hooks/makeFirstUserAdmin'
import { CREDENTIAL_TYPES } from './credentialTypes'
import { recordVerification } from './hooks/recordVerification'
import { revalidateDeletedPerson, revalidatePerson } from './hooks/revalidatePerson'

export const Users: CollectionConfig = {
  slug: 'users',
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'email', 'roles', 'publicProfile'],
  },
  auth: {
    // Five wrong passwords lock the account for 15 minutes (an admin can unlock it sooner).
    maxLoginAttempts: 5,
    lockTime: 15 * 60 * 1000,
    tokenExpiration: 8 * 60 * 60,
    cookies: { secure: isProduction(process.env), sameSite: 'Lax' },
  },
  access: collectionAccess('users'),
  hooks: {
    beforeOperation: [guardPrivatePaths],
    afterRead: [hideSessions],
    beforeChange: [makeFirstUserAdmin, recordVerification],
    afterChange: [endOtherSessions, revalidatePerson],
    afterDelete: [revalidateDeletedPerson],
  },
  fields: [
    {
      // Overrides the auth email field's visibility: never shown to anyone but its owner and admins.
      name: 'email',
      type: 'email',
      access: { read: selfOrAdminField },
    },
    {
      name: 'name',
      label: 'Display name',
      type: 'text',
      required: true,
      // Bylines and sign-offs carry it: readers must be able to trust who a name says it is, so
      // only admins change it (like credentials), not the person before signing something.
      access: { update: adminOnlyField },
      admin: { description: 'Shown in bylines and recorded with sign-offs. Set by an admin.' },
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
        // Nobody grants themselves a role: only admins set roles. Readers never see them.
        create: adminOnlyField,
        update: adminOnlyField,
        read: staffOnlyField,
      },
      admin: {
        description: 'Writers draft, clinical reviewers sign off, editors publish, admins manage users.',
      },
    },
    {
      // The reviewer registry: what a clinician's sign-off rests on. Admins enter and verify it;
      // a sign-off is refused while it is unverified or expired (collections/Users/registry.ts).
      name: 'licence',
      label: 'Clinical credentials (reviewer registry)',
      type: 'group',
      access: { create: adminOnlyField, update: adminOnlyField, read: staffOnlyField },
      admin: {
        condition: (data) => Array.isArray(data?.roles) && data.roles.includes('reviewer'),
        description:
          'Checked before every sign-off: a reviewer signs only with verified credentials that have not expired. Changing the type, number, issuing body or expiry needs a new verification.',
      },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'type',
              label: 'Credential',
              type: 'select',
              options: CREDENTIAL_TYPES.map((item) => ({ value: item.value, label: item.label })),
              admin: { width: '33%' },
            },
            { name: 'number', label: 'Licence or registration number', type: 'text', admin: { width: '33%' } },
            {
              name: 'issuingBody',
              label: 'Issuing body',
              type: 'text',
              admin: { width: '34%', description: 'e.g. General Medical Council, State Medical Board of Ohio.' },
            },
          ],
        },
        {
          type: 'row',
          fields: [
            {
              name: 'expiresOn',
              label: 'Expires on',
              type: 'date',
              admin: { width: '33%', date: { pickerAppearance: 'dayOnly' } },
            },
            {
              name: 'specialties',
              type: 'select',
              hasMany: true,
              options: SPECIALTIES.map((item) => ({ value: item.value, label: item.label })),
              admin: { width: '67%' },
            },
          ],
        },
        {
          name: 'verified',
          label: "Verified against the issuing body's register",
          type: 'checkbox',
          defaultValue: false,
        },
        {
          type: 'row',
          fields: [
            {
              name: 'verifiedBy',
              type: 'relationship',
              relationTo: 'users',
              admin: { readOnly: true, width: '50%', description: 'Recorded by the server.' },
            },
            {
              name: 'verifiedAt',
              type: 'date',
              admin: { readOnly: true, width: '50%', date: { pickerAppearance: 'dayAndTime' } },
            },
          ],
        },
        {
          name: 'expiryWarnedFor',
          type: 'date',
          admin: { hidden: true, description: 'The expiry date the 30-day warning was sent for (server-only).' },
        },
      ],
    },
    {
      type: 'collapsible',
      label: 'Public profile',
      fields: [
        {
          name: 'publicProfile',
          type: 'checkbox',
          defaultValue: false,
          admin: { description: 'Show a profile page at /people/<slug> and link bylines to it.' },
        },
        slugField('name', {
          validate: () => true as const,
          admin: { description: 'Address of the public profile. Made from the display name when left empty.' },
        }),
        {
          type: 'row',
          fields: [
            {
              name: 'credentials',
              type: 'text',
              // Shown in bylines and recorded with sign-offs: set by admins, not self-declared.
              access: { create: adminOnlyField, update: adminOnlyField },
              admin: { width: '40%', description: 'e.g. DPT, MD, RN. Set by an admin.' },
            },
            {
              name: 'jobTitle',
              type: 'text',
              access: { create: adminOnlyField, update: adminOnlyField },
              admin: { width: '60%' },
            },
          ],
        },
        // What readers see about the people behind an article is vetted, like names and
        // credentials: an admin sets it, not the person (a reviewer's bio is read as a claim).
        {
          name: 'bio',
          type: 'textarea',
          maxLength: 1000,
          access: { create: adminOnlyField, update: adminOnlyField },
          admin: { description: 'Shown on the public profile. Set by an admin.' },
        },
        {
          name: 'photo',
          type: 'upload',
          relationTo: 'media',
          access: { create: adminOnlyField, update: adminOnlyField },
          admin: { description: 'Shown on the public profile. Set by an admin.' },
        },
      ],
    },
  ],
}
