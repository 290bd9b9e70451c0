import type { GroupField } from 'payload'

/**
 * Search and social metadata, shaped like @payloadcms/plugin-seo's `meta` group (title,
 * description, image). The plugin itself is not published for payload 3.90.2 and would pull in a
 * second @payloadcms/ui; keeping its field names makes adopting it later a no-op for the data.
 * Not clinical content: editing it never invalidates a sign-off.
 */
export const seoField: GroupField = {
  name: 'meta',
  label: 'SEO',
  type: 'group',
  fields: [
    {
      name: 'title',
      type: 'text',
      maxLength: 70,
      admin: { description: 'Search result title. Defaults to the question.' },
    },
    {
      name: 'description',
      type: 'textarea',
      maxLength: 300,
      admin: { description: 'Search result snippet. Defaults to the summary.' },
    },
    {
      name: 'image',
      type: 'upload',
      relationTo: 'media',
      admin: { description: 'Social card image. Defaults to the hero image.' },
    },
  ],
}
