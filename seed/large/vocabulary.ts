/**
 * Word lists for the generated large data set (`npm run seed:large`). Written for Causeway in
 * plain language; the generated articles are realistic in shape and length, not medical advice.
 */
import type { BODY_REGIONS } from '@/collections/Symptoms'

type Region = (typeof BODY_REGIONS)[number]['value']

/** 60 symptoms, by body region. */
export const SYMPTOMS: ReadonlyArray<{ name: string; region: Region }> = [
  ...(
    [
      'Headache',
      'Neck stiffness',
      'Jaw pain',
      'Ear ache',
      'Dizziness',
      'Blurred vision',
      'Sore throat',
      'Facial numbness',
    ] as const
  ).map((name) => ({ name, region: 'head-and-neck' as const })),
  ...(
    [
      'Chest tightness',
      'Palpitations',
      'Shortness of breath',
      'Persistent cough',
      'Rib pain',
      'Heartburn',
      'Wheezing',
    ] as const
  ).map((name) => ({ name, region: 'chest' as const })),
  ...(
    [
      'Stomach cramps',
      'Bloating',
      'Nausea',
      'Upper abdominal pain',
      'Lower abdominal pain',
      'Constipation',
      'Diarrhoea',
      'Side pain',
    ] as const
  ).map((name) => ({ name, region: 'abdomen' as const })),
  ...(
    [
      'Lower back pain',
      'Upper back pain',
      'Back spasms',
      'Tailbone pain',
      'Pain between the shoulder blades',
      'Sciatica',
    ] as const
  ).map((name) => ({ name, region: 'back' as const })),
  ...(
    [
      'Shoulder pain',
      'Elbow pain',
      'Wrist pain',
      'Hand numbness',
      'Finger swelling',
      'Arm weakness',
      'Tingling fingers',
    ] as const
  ).map((name) => ({ name, region: 'arms-and-hands' as const })),
  ...(
    [
      'Hip pain',
      'Knee pain',
      'Ankle swelling',
      'Heel pain',
      'Calf cramps',
      'Leg numbness',
      'Groin pain',
      'Foot pain',
    ] as const
  ).map((name) => ({ name, region: 'hips-and-legs' as const })),
  ...(['Itchy skin', 'Skin rash', 'Dry patches', 'Hives', 'Bruising easily', 'Night sweats'] as const).map((name) => ({
    name,
    region: 'skin' as const,
  })),
  ...(
    [
      'Fatigue',
      'Fever',
      'Joint aches',
      'Muscle weakness',
      'Unexplained weight loss',
      'Chills',
      'Poor sleep',
      'Swollen glands',
      'Brain fog',
      'Low mood',
    ] as const
  ).map((name) => ({ name, region: 'whole-body' as const })),
]

/** When or how a symptom shows up; combined with symptoms and question forms into unique questions. */
export const SITUATIONS = [
  'after running',
  'at night',
  'in the morning',
  'after eating',
  'when I sit for a long time',
  'when climbing stairs',
  'in cold weather',
  'during pregnancy',
  'after a long flight',
  'after lifting something heavy',
  'when I lie down',
  'when I bend forward',
  'after drinking alcohol',
  'during exercise',
  'after a cold',
  'when I am stressed',
  'after starting a new medicine',
  'in hot weather',
  'when I stand up quickly',
  'after gardening',
  'when I wake up',
  'after a fall',
  'at work',
  'after cycling',
  'during my period',
  'after swimming',
  'when I breathe deeply',
  'after a vaccination',
  'when I turn my head',
  'after a long drive',
  'when I walk uphill',
  'after coffee',
  'when I type',
  'after sleeping on one side',
  'in the evening',
  'after a hot shower',
  'when I cough',
  'after yoga',
  'on long walks',
  'after playing football',
] as const

/** Question forms; `{s}` is the symptom (lower case) and `{w}` the situation. */
export const QUESTION_FORMS = [
  'Why do I get {s} {w}?',
  'What causes {s} {w}?',
  'Why does my {s} get worse {w}?',
  'Should I worry about {s} {w}?',
  'Why is my {s} worse {w}?',
  'What does {s} {w} mean?',
  'Why do I keep having {s} {w}?',
  'Is {s} {w} a sign of something serious?',
] as const

export const CONDITION_QUALIFIERS = [
  'Acute',
  'Chronic',
  'Recurrent',
  'Degenerative',
  'Inflammatory',
  'Post-viral',
  'Exercise-induced',
  'Seasonal',
  'Idiopathic',
  'Stress-related',
] as const

export const CONDITION_SITES = [
  'lumbar',
  'cervical',
  'hip',
  'knee',
  'shoulder',
  'sinus',
  'gastric',
  'bladder',
  'skin',
  'ankle',
  'wrist',
  'jaw',
  'rib',
  'thyroid',
  'bronchial',
  'pelvic',
  'plantar',
  'elbow',
  'sacroiliac',
  'inner ear',
  'bowel',
  'calf',
  'heel',
  'thoracic',
  'lymph node',
] as const

export const CONDITION_PROCESSES = [
  'strain',
  'inflammation',
  'tendinopathy',
  'bursitis',
  'neuropathy',
  'infection',
  'spasm',
  'irritation',
  'compression',
  'arthritis',
  'sprain',
  'instability',
  'dysfunction',
  'syndrome',
  'reflux',
  'swelling',
  'cyst',
  'impingement',
  'fatigue',
  'sensitivity',
] as const

export const CREDENTIALS = ['MD', 'DO', 'DPT', 'PharmD', 'RN', 'NP', 'PA-C', 'MBBS', 'MD, MPH', 'DPT, OCS'] as const

export const JOB_TITLES = {
  writer: ['Health writer', 'Senior health writer', 'Medical writer', 'Science writer'],
  reviewer: [
    'Clinical reviewer',
    'Consultant physician',
    'Physiotherapist',
    'Clinical pharmacist',
    'Nurse practitioner',
  ],
  editor: ['Editor', 'Senior editor', 'Managing editor'],
  admin: ['Platform administrator'],
} as const

export const PUBLISHERS = [
  'Journal of Clinical Practice',
  'National Health Library',
  'Annals of Primary Care',
  'Public Health Reports',
  'Review of General Medicine',
  'Clinical Evidence Digest',
  'Journal of Musculoskeletal Care',
  'Family Medicine Quarterly',
] as const

/**
 * Sentence templates; `{s}` is the symptom, `{c}` a condition, `{w}` the situation, `{r}` a
 * body part or region word. Mixed and repeated to give articles their length.
 */
export const SENTENCES = [
  '{s} {w} is common, and most of the time it settles with simple care.',
  'Many people notice {s} {w} and wonder whether it points to something serious.',
  'The pattern of the symptom, how long it lasts and what eases it all help narrow down the cause.',
  '{c} can produce exactly this kind of discomfort, especially when the {r} is under repeated strain.',
  'A clinician will usually ask when it started, what makes it better and what makes it worse.',
  'Keeping a short diary of when {s} appears often reveals a trigger that is easy to change.',
  'Gentle movement tends to help more than complete rest for most muscle and joint problems.',
  'Pain that wakes you at night or comes with fever deserves a prompt assessment.',
  'In {c}, tissues around the {r} become irritated and send pain signals that can feel out of proportion.',
  'Over-the-counter pain relief can take the edge off while the underlying cause is addressed.',
  'Most cases improve within a few weeks, although some people have repeated episodes.',
  'Tests are not always needed; a careful history and examination are often enough.',
  'Warmth, pacing and a gradual return to activity are the mainstays of self-care.',
  'If {s} keeps coming back, a structured exercise programme can reduce how often it happens.',
  'Sleep, stress and general fitness all influence how strongly we feel symptoms like this.',
  'People with {c} sometimes notice stiffness that eases after the first half hour of the day.',
  'The {r} is supported by muscles that tire with long periods in one position.',
  'A physiotherapist can show exercises that load the {r} safely and build tolerance.',
  'Medicines can occasionally cause {s}, so a review of recent prescriptions is worthwhile.',
  'Symptoms that spread, such as numbness or weakness, point towards a nerve being involved.',
  'It is unusual for {s} {w} to be the only sign of a serious illness.',
  'Writing down questions before an appointment makes the most of the time with a clinician.',
  'Children and older adults can show the same condition in quite different ways.',
  'An ice pack wrapped in a cloth can calm a flare in the first day or two.',
  'Returning to normal activities early is linked with faster recovery for many back and joint problems.',
] as const

export const REGIONS = [
  'lower back',
  'hip',
  'knee',
  'shoulder',
  'neck',
  'stomach',
  'chest wall',
  'wrist',
  'ankle',
  'skin',
  'jaw',
  'pelvis',
] as const

export const SEEK_CARE = [
  'Get urgent help if {s} comes with chest pain, trouble breathing, confusion or fainting.',
  'See a doctor within a few days if {s} has not improved after two weeks of self-care.',
  'Call your local emergency number if you lose control of your bladder or bowel, or your legs become weak.',
  'Book an appointment if the pain keeps you awake, or you have lost weight without trying.',
  'Seek advice promptly if you have a fever, a new rash or a swelling that is hot to touch.',
  'Speak to a pharmacist or doctor before taking pain relief for more than a few days.',
] as const

export const TAKEAWAYS = [
  'Most causes of {s} {w} are harmless and get better with time, movement and simple care.',
  'Notice the pattern, treat the common causes first and know the warning signs that need a clinician.',
  '{s} is usually a nuisance rather than a danger, but a change in pattern is worth a check-up.',
] as const

export const CHANGE_NOTES = [
  'Updated the causes after new guidance.',
  'Clarified when to seek care.',
  'Added a reference and reworded the introduction.',
  'Expanded the explanation of the second cause.',
  'Annual review: checked every statement against current sources.',
  'Corrected the description of self-care advice.',
] as const

/** A reviewer's requested changes: one request a line, as the review checklist reads them. */
export const REVIEW_COMMENTS = [
  '- Please soften the wording about pain relief.\n- Add a source for the second cause.',
  'The urgent-care advice needs to mention numbness in both legs.',
  'Split the third cause in two; they are treated differently.',
  'Check the dosage wording; it should point readers to the pharmacist.',
] as const

/** The writer's answer to each request in `REVIEW_COMMENTS` (what they changed). */
export const REVIEW_ANSWERS: Readonly<Record<string, string>> = {
  'Please soften the wording about pain relief.': 'Reworded it: it now says what usually helps, not what works.',
  'Add a source for the second cause.': 'Added the current guideline as a reference.',
  'The urgent-care advice needs to mention numbness in both legs.':
    'Added numbness in both legs to the list of reasons to get urgent care.',
  'Split the third cause in two; they are treated differently.':
    'Split it into two causes, each with its own treatment.',
  'Check the dosage wording; it should point readers to the pharmacist.':
    'Removed the doses; it now asks readers to check with their pharmacist.',
}

export const UNPUBLISH_REASONS = [
  'Withdrawn while the guidance it relies on is updated.',
  'Merged into a broader article.',
  'Taken down after a reader reported an unclear instruction; it will be rewritten.',
] as const
