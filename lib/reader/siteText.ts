/**
 * Words every reader page ends with: the site's layout (app/(site)/layout.tsx) and the pages the
 * feedback route renders outside Next.js (lib/feedback/page.ts) say the same.
 */
export const SITE_DISCLAIMER =
  'Causeway articles explain possible causes; they do not diagnose. If you are worried about a symptom, talk to a clinician.'
