import type { GroupField } from 'payload'

/**
 * Search and social metadata, shaped like @payloadcms/plugin-seo's `meta` group (title,
 * description, image). The plugin itself is not published for payload 3.90.2 and would pull in a
 * second @payloadcms/ui; keeping its field names makes adopting it later a no-op for the data.
 * The title and description stand in for the question and summary wherever search engines and
 * social cards show the article, so once filled in they are part of what the clinician signs
 * (the review plugin's `signedWhenSet`): editing them needs a new review. The image is not signed,
 * but an image shown on a published page can never change (collections/Media).
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
      admin: { description: 'Search result title. Defaults to the question. Once set, it is signed off with the clinical content.' },
    },
    {
      name: 'description',
      type: 'textarea',
      maxLength: 300,
      admin: { description: 'Search result snippet. Defaults to the summary. Once set, it is signed off with the clinical content.' },
    },
    {
      name: 'image',
      type: 'upload',
      relationTo: 'media',
      admin: { description: 'Social card image. Defaults to the hero image.' },
    },
  ],
}
