/**
 * Clinical specialties: what a reviewer is registered for, and what an article or condition page
 * calls for. Assigning a reviewer lists those whose specialties match first.
 */
export const SPECIALTIES = [
  { value: 'general-practice', label: 'General practice' },
  { value: 'emergency-medicine', label: 'Emergency medicine' },
  { value: 'musculoskeletal', label: 'Musculoskeletal and orthopaedics' },
  { value: 'physiotherapy', label: 'Physiotherapy' },
  { value: 'neurology', label: 'Neurology' },
  { value: 'cardiology', label: 'Cardiology' },
  { value: 'gastroenterology', label: 'Gastroenterology' },
  { value: 'dermatology', label: 'Dermatology' },
  { value: 'mental-health', label: 'Mental health' },
  { value: 'paediatrics', label: 'Paediatrics' },
  { value: 'womens-health', label: "Women's health" },
  { value: 'pharmacy', label: 'Pharmacy' },
  { value: 'nursing', label: 'Nursing' },
] as const

export type Specialty = (typeof SPECIALTIES)[number]['value']

export const specialtyLabel = (value: string) => SPECIALTIES.find((item) => item.value === value)?.label ?? value
