/** Where a symptom is felt: how the home page groups symptoms. */
export const BODY_REGIONS = [
  { label: 'Head and neck', value: 'head-and-neck' },
  { label: 'Chest', value: 'chest' },
  { label: 'Abdomen', value: 'abdomen' },
  { label: 'Back', value: 'back' },
  { label: 'Arms and hands', value: 'arms-and-hands' },
  { label: 'Hips and legs', value: 'hips-and-legs' },
  { label: 'Skin', value: 'skin' },
  { label: 'Whole body', value: 'whole-body' },
] as const
