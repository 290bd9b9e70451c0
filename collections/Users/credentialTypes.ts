/** The clinical credentials a reviewer can be registered with (the abbreviation is shown in bylines). */
export const CREDENTIAL_TYPES = [
  { value: 'MD', label: 'MD — Doctor of Medicine' },
  { value: 'DO', label: 'DO — Doctor of Osteopathic Medicine' },
  { value: 'MBBS', label: 'MBBS — Bachelor of Medicine, Bachelor of Surgery' },
  { value: 'DPT', label: 'DPT — Doctor of Physical Therapy' },
  { value: 'PT', label: 'PT — Physiotherapist' },
  { value: 'RN', label: 'RN — Registered Nurse' },
  { value: 'NP', label: 'NP — Nurse Practitioner' },
  { value: 'PA', label: 'PA — Physician Assistant' },
  { value: 'PharmD', label: 'PharmD — Doctor of Pharmacy' },
  { value: 'RD', label: 'RD — Registered Dietitian' },
  { value: 'DC', label: 'DC — Doctor of Chiropractic' },
  { value: 'PhD', label: 'PhD (clinical psychology)' },
] as const
