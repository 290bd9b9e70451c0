import { MetaDescriptionField, MetaImageField, MetaTitleField } from '@payloadcms/plugin-seo/fields'
import type { GroupField, TextareaField, TextField, UploadField } from 'payload'

/**
 * Search and social metadata: @payloadcms/plugin-seo's fields (its inputs with length hints),
 * placed by hand in the article's SEO tab (collections/Articles) so that the tab keeps its
 * sign-off note (the plugin's inputs do not show a field's description) and `Articles.fields`
 * is the whole schema. The plugin itself is registered in payload.config.ts for the inputs'
 * translations only. The data is the plugin's `meta` group (title, description, image), stored
 * as before.
 *
 * The title and description stand in for the question and summary wherever search engines and
 * social cards show the article, so once filled in they are part of what the clinician signs
 * (the review plugin's `signedWhenSet`): editing them needs a new review. The image is not signed,
 * but an image shown on a published page can never change (collections/Media).
 *
 * Left out: the plugin's Overview (it counts an empty title as a failing check, nudging writers
 * to fill in text that then needs a new review, when an empty one defaults to the question) and
 * its Preview (it shows only what is filled in, not the question and summary that stand in).
 */
/** A plugin field with our description and limits, keeping its input component. */
function adapt<F extends TextField | TextareaField | UploadField>(
  field: F,
  changes: Partial<F>,
  description: string,
): F {
  // Not translated: what is signed is one text (the plugin's fields are localized by default).
  return { ...field, localized: false, ...changes, admin: { ...field.admin, description } } as F
}

export const seoField: GroupField = {
  name: 'meta',
  label: 'SEO',
  type: 'group',
  fields: [
    adapt(
      MetaTitleField({}),
      { maxLength: 70 },
      'Search result title. Defaults to the question. Once set, it is signed off with the clinical content.',
    ),
    adapt(
      MetaDescriptionField({}),
      { maxLength: 300 },
      'Search result snippet. Defaults to the summary. Once set, it is signed off with the clinical content.',
    ),
    adapt(
      MetaImageField({ relationTo: 'media' }),
      { label: 'Image' },
      'Social card image. Defaults to the hero image.',
    ),
  ],
}
