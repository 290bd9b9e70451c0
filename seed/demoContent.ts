/**
 * Demo content written for Causeway: fictional staff, plus a small set of symptoms, conditions and
 * symptom-question articles used to populate local and demo environments. The people are invented.
 * The health copy was written for this project in plain language; it is illustrative demo material,
 * not medical advice, and has not been through real clinical review.
 */

import type { DemoLicence } from './licences'

export interface DemoReference {
  title: string
  publisher: string
  year: number
  url: string
}

export interface DemoPerson {
  key: string
  name: string
  email: string
  roles: Array<'writer' | 'reviewer' | 'editor' | 'admin'>
  /** Required for reviewers. */
  credentials?: string
  /** Required for reviewers: their registry entry (seeded verified, valid for two more years). */
  licence?: DemoLicence
  jobTitle: string
  bio: string
}

export interface DemoSymptom {
  key: string
  name: string
  bodyRegion:
    'head-and-neck' | 'chest' | 'abdomen' | 'back' | 'arms-and-hands' | 'hips-and-legs' | 'skin' | 'whole-body'
  /** At most 200 characters. */
  summary: string
}

export interface DemoCondition {
  key: string
  name: string
  alsoKnownAs: string[]
  /** At most 280 characters. */
  summary: string
  /** 2-3 paragraphs of plain text. */
  body: string[]
  /** 1-2 references. */
  references: DemoReference[]
}

export interface DemoArticle {
  key: string
  /** The title: a symptom question ending in '?'. */
  question: string
  /** 1-2 keys from DEMO_SYMPTOMS. */
  symptomKeys: string[]
  /** Plain text, at most 280 characters; used as the meta description. */
  summary: string
  /** 1-2 paragraphs. */
  intro: string[]
  /** 3-5 possible causes, each linked to 1-2 keys from DEMO_CONDITIONS. */
  causes: Array<{ heading: string; conditionKeys: string[]; explanation: string[] }>
  whenToSeekCare: string[]
  takeaway: string[]
  /** 2-3 references. */
  references: DemoReference[]
  /** A writer from DEMO_PEOPLE. */
  authorKey: string
}

// Organisation-level public pages, shared by the conditions and articles below.
const REFS = {
  nhsBackPain: {
    title: 'Back pain',
    publisher: 'NHS',
    year: 2023,
    url: 'https://www.nhs.uk/conditions/back-pain/',
  },
  nhsSciatica: {
    title: 'Sciatica',
    publisher: 'NHS',
    year: 2023,
    url: 'https://www.nhs.uk/conditions/sciatica/',
  },
  nhsSlippedDisc: {
    title: 'Slipped disc',
    publisher: 'NHS',
    year: 2023,
    url: 'https://www.nhs.uk/conditions/slipped-disc/',
  },
  nhsOsteoarthritis: {
    title: 'Osteoarthritis',
    publisher: 'NHS',
    year: 2023,
    url: 'https://www.nhs.uk/conditions/osteoarthritis/',
  },
  nhsKneePain: {
    title: 'Knee pain',
    publisher: 'NHS',
    year: 2023,
    url: 'https://www.nhs.uk/conditions/knee-pain/',
  },
  nhsSprainsStrains: {
    title: 'Sprains and strains',
    publisher: 'NHS',
    year: 2023,
    url: 'https://www.nhs.uk/conditions/sprains-and-strains/',
  },
  nhsHeadaches: {
    title: 'Headaches',
    publisher: 'NHS',
    year: 2023,
    url: 'https://www.nhs.uk/conditions/headaches/',
  },
  nhsTensionHeadaches: {
    title: 'Tension headaches',
    publisher: 'NHS',
    year: 2023,
    url: 'https://www.nhs.uk/conditions/tension-headaches/',
  },
  nhsMigraine: {
    title: 'Migraine',
    publisher: 'NHS',
    year: 2024,
    url: 'https://www.nhs.uk/conditions/migraine/',
  },
  nhsHeartburn: {
    title: 'Heartburn and acid reflux',
    publisher: 'NHS',
    year: 2023,
    url: 'https://www.nhs.uk/conditions/heartburn-and-acid-reflux/',
  },
  medlineBackPain: {
    title: 'Back Pain',
    publisher: 'MedlinePlus, U.S. National Library of Medicine',
    year: 2024,
    url: 'https://medlineplus.gov/backpain.html',
  },
  medlineSciatica: {
    title: 'Sciatica',
    publisher: 'MedlinePlus, U.S. National Library of Medicine',
    year: 2024,
    url: 'https://medlineplus.gov/sciatica.html',
  },
  medlineHerniatedDisk: {
    title: 'Herniated Disk',
    publisher: 'MedlinePlus, U.S. National Library of Medicine',
    year: 2024,
    url: 'https://medlineplus.gov/herniateddisk.html',
  },
  medlineSprainsStrains: {
    title: 'Sprains and Strains',
    publisher: 'MedlinePlus, U.S. National Library of Medicine',
    year: 2024,
    url: 'https://medlineplus.gov/sprainsandstrains.html',
  },
  medlineKnee: {
    title: 'Knee Injuries and Disorders',
    publisher: 'MedlinePlus, U.S. National Library of Medicine',
    year: 2024,
    url: 'https://medlineplus.gov/kneeinjuriesanddisorders.html',
  },
  medlineHeadache: {
    title: 'Headache',
    publisher: 'MedlinePlus, U.S. National Library of Medicine',
    year: 2024,
    url: 'https://medlineplus.gov/headache.html',
  },
  medlineMigraine: {
    title: 'Migraine',
    publisher: 'MedlinePlus, U.S. National Library of Medicine',
    year: 2024,
    url: 'https://medlineplus.gov/migraine.html',
  },
  medlineGerd: {
    title: 'GERD',
    publisher: 'MedlinePlus, U.S. National Library of Medicine',
    year: 2024,
    url: 'https://medlineplus.gov/gerd.html',
  },
  niamsBackPain: {
    title: 'Back Pain',
    publisher: 'National Institute of Arthritis and Musculoskeletal and Skin Diseases (NIAMS)',
    year: 2023,
    url: 'https://www.niams.nih.gov/health-topics/back-pain',
  },
  niamsOsteoarthritis: {
    title: 'Osteoarthritis',
    publisher: 'National Institute of Arthritis and Musculoskeletal and Skin Diseases (NIAMS)',
    year: 2023,
    url: 'https://www.niams.nih.gov/health-topics/osteoarthritis',
  },
  niddkReflux: {
    title: 'Acid Reflux (GER & GERD) in Adults',
    publisher: 'National Institute of Diabetes and Digestive and Kidney Diseases (NIDDK)',
    year: 2022,
    url: 'https://www.niddk.nih.gov/health-information/digestive-diseases/acid-reflux-ger-gerd-adults',
  },
} satisfies Record<string, DemoReference>

export const DEMO_PEOPLE: DemoPerson[] = [
  {
    key: 'maya-writer',
    name: 'Maya Okafor',
    email: 'maya.okafor@causeway.test',
    roles: ['writer'],
    jobTitle: 'Health writer',
    bio: 'Maya writes about everyday aches, pains and joint problems, with a focus on explaining how the body works without jargon. She spent several years as a science reporter before joining Causeway.',
  },
  {
    key: 'daniel-writer',
    name: 'Daniel Reyes',
    email: 'daniel.reyes@causeway.test',
    roles: ['writer'],
    jobTitle: 'Senior health writer',
    bio: 'Daniel covers headaches, digestion and sleep, and likes turning clinical guidance into practical advice readers can use at home.',
  },
  {
    key: 'priya-reviewer',
    name: 'Priya Natarajan',
    email: 'priya.natarajan@causeway.test',
    roles: ['reviewer'],
    credentials: 'MD',
    licence: {
      type: 'MD',
      number: '7041235',
      issuingBody: 'General Medical Council',
      specialties: ['general-practice', 'musculoskeletal', 'neurology'],
    },
    jobTitle: 'Clinical reviewer, family medicine',
    bio: 'Priya is a family physician who checks Causeway articles for clinical accuracy and safe advice. Her particular interests are musculoskeletal care and headache.',
  },
  {
    key: 'hannah-editor',
    name: 'Hannah Brooks',
    email: 'hannah.brooks@causeway.test',
    roles: ['editor'],
    jobTitle: 'Managing editor',
    bio: 'Hannah leads the editorial team and looks after tone, clarity and the publishing schedule. She has edited consumer health content for over a decade.',
  },
]

export const DEMO_SYMPTOMS: DemoSymptom[] = [
  {
    key: 'lower-back-pain',
    name: 'Lower back pain',
    bodyRegion: 'back',
    summary:
      'Aching, stiffness or sharper pain between the bottom of the ribs and the buttocks. Most episodes come from muscles, joints or discs and ease within a few weeks.',
  },
  {
    key: 'hip-pain',
    name: 'Hip pain',
    bodyRegion: 'hips-and-legs',
    summary:
      'Pain in the groin, outer hip or buttock. It may come from the hip joint, the tissues around it, or be referred from the lower back.',
  },
  {
    key: 'knee-pain',
    name: 'Knee pain',
    bodyRegion: 'hips-and-legs',
    summary:
      'Pain in or around the knee, often at the front near the kneecap, that may be worse on stairs, when squatting or kneeling, or after sitting for a long time.',
  },
  {
    key: 'headache-behind-eyes',
    name: 'Headache behind the eyes',
    bodyRegion: 'head-and-neck',
    summary:
      'A pressing, dull or throbbing pain that seems to sit behind one or both eyes, sometimes spreading to the forehead, temples or neck.',
  },
  {
    key: 'heartburn',
    name: 'Heartburn',
    bodyRegion: 'chest',
    summary:
      'A burning feeling behind the breastbone, often after meals or when lying down, caused by stomach contents rising into the oesophagus.',
  },
  {
    key: 'indigestion',
    name: 'Indigestion',
    bodyRegion: 'abdomen',
    summary:
      'Discomfort, burning or an uncomfortable fullness in the upper abdomen during or after eating, sometimes with bloating, belching or nausea.',
  },
]

export const DEMO_CONDITIONS: DemoCondition[] = [
  {
    key: 'sciatica',
    name: 'Sciatica',
    alsoKnownAs: ['Lumbar radiculopathy', 'Trapped nerve in the lower back'],
    summary:
      'Pain, tingling or numbness that travels from the lower back or buttock down the back of the leg, caused by irritation of one of the nerve roots that come together to form the sciatic nerve.',
    body: [
      'The sciatic nerve is the largest nerve in the body. It is made up of several nerve roots that leave the lower spine, merge deep in the buttock and continue along the rear of the thigh towards the foot. Sciatica is a description of symptoms rather than a diagnosis in itself: it means one of those roots is being pressed on or is inflamed.',
      'The leg pain is often stronger than the back pain and usually affects one side. People describe it as burning, shooting or like an electric shock, and it may come with pins and needles, numbness or weakness in the leg or foot. Coughing, sneezing or sitting for long spells can make it worse.',
      'In adults the most frequent cause is a bulging or herniated disc, while narrowing of the spinal canal (spinal stenosis) becomes more common with age. Most people improve within about six weeks by staying active, using pain relief and doing gentle exercises. A smaller number need further tests, injections or surgery if symptoms persist or there are signs of significant nerve compression.',
    ],
    references: [REFS.nhsSciatica, REFS.medlineSciatica],
  },
  {
    key: 'lumbar-disc-herniation',
    name: 'Lumbar disc herniation',
    alsoKnownAs: ['Slipped disc', 'Prolapsed disc', 'Herniated disk'],
    summary:
      'A condition in which the soft centre of a disc in the lower spine pushes out through its tougher outer layer. It may cause no symptoms at all, or it may irritate a nearby nerve and cause back and leg pain.',
    body: [
      'Between each pair of vertebrae sits a disc with a tough, fibrous outer ring and a softer, gel-like centre. Discs act as cushions and allow the spine to bend. With age they lose some of their water content, and small tears can develop in the outer ring.',
      'If part of the centre pushes outwards, it can press on or chemically irritate a nerve root, which is the most common reason for sciatica. Disc bulges are also frequently seen on scans of people who have no pain at all, so a scan finding on its own does not always explain symptoms.',
      'Most herniated discs improve over weeks to a few months, partly because the body gradually reabsorbs the displaced material. Staying gently active is generally better than bed rest. Surgery may be considered when severe leg pain continues despite treatment or when weakness is getting worse.',
    ],
    references: [REFS.nhsSlippedDisc, REFS.medlineHerniatedDisk],
  },
  {
    key: 'sacroiliac-joint-dysfunction',
    name: 'Sacroiliac joint dysfunction',
    alsoKnownAs: ['Sacroiliac joint pain', 'SI joint pain'],
    summary:
      'Pain arising from one or both sacroiliac joints, where the base of the spine meets the pelvis. It is usually felt low in the back or buttock on one side and can spread towards the hip, groin or thigh.',
    body: [
      'There are two sacroiliac joints, one on each side, where the sacrum, the wedge-shaped bone at the base of the spine, meets the large wing-shaped bones of the pelvis. They move only a little, but they pass load between the spine and the legs with every step.',
      'Pain from these joints can follow a fall onto the buttocks, develop during or after pregnancy, or be linked to an uneven walking pattern. Less often it is caused by an inflammatory condition such as axial spondyloarthritis, which tends to cause morning stiffness in younger adults. The pain is often worse when standing on one leg, climbing stairs, turning over in bed or getting up from a chair.',
      'Scans often look normal, so diagnosis relies mainly on the pattern of symptoms and a physical examination, sometimes with a diagnostic injection. Treatment usually centres on exercise, physiotherapy and pain relief, and a pelvic support belt can help some people, especially during pregnancy.',
    ],
    references: [REFS.niamsBackPain, REFS.medlineBackPain],
  },
  {
    key: 'piriformis-syndrome',
    name: 'Piriformis syndrome',
    alsoKnownAs: ['Deep gluteal pain'],
    summary:
      'Deep buttock pain, sometimes spreading down the back of the thigh, thought to arise when the piriformis muscle irritates the sciatic nerve where the two run close together.',
    body: [
      'The piriformis is a small muscle deep in the buttock that runs from the sacrum to the top of the thigh bone and helps turn the leg outwards. The sciatic nerve passes just beneath it, and in some people runs through it.',
      'When the muscle is tight, overworked or injured, for example after long periods of sitting, a change in running training or a fall, it may irritate the nerve. This can cause a deep ache in the buttock and symptoms similar to sciatica. Sitting on a hard seat or crossing the legs often makes it worse.',
      'Specialists still debate how often this condition occurs, and there is no single test that confirms it. It is usually considered once more common causes, such as a disc problem in the lower back, have been looked into. Stretching, strengthening and adjusting aggravating activities help most people.',
    ],
    references: [REFS.medlineSciatica, REFS.nhsSciatica],
  },
  {
    key: 'muscle-strain',
    name: 'Muscle strain',
    alsoKnownAs: ['Pulled muscle', 'Torn muscle'],
    summary:
      'An injury in which muscle fibres, or the tendons that attach them to bone, are overstretched or partly torn. Strains are common in the lower back and thighs, and most heal well with time and gradual activity.',
    body: [
      'A strain happens when a muscle is stretched further than it can cope with, or is forced to contract suddenly, as can happen when lifting, twisting, sprinting or trying an unfamiliar activity. A mild strain involves only a few fibres, while a severe one tears a larger part of the muscle.',
      'Typical symptoms are pain that gets worse when the muscle is used, tenderness, stiffness and muscle spasm, sometimes with swelling or bruising. In the lower back, strain pain usually stays in the back and buttock and does not cause numbness or tingling in the leg.',
      'Most mild to moderate strains improve noticeably within a few weeks. A short spell of relative rest, followed by a gradual return to normal movement, simple pain relief and cold or warmth usually help. Severe pain, a visible dent in the muscle, heavy bruising or being unable to use the limb should be checked by a clinician.',
    ],
    references: [REFS.medlineSprainsStrains, REFS.nhsSprainsStrains],
  },
  {
    key: 'osteoarthritis',
    name: 'Osteoarthritis',
    alsoKnownAs: ['OA', 'Degenerative joint disease', 'Hip osteoarthritis', 'Knee osteoarthritis'],
    summary:
      'A common long-term joint condition in which the cartilage thins and the bone and tissues around it change, causing pain and stiffness. It most often affects the knees, hips, hands and spine.',
    body: [
      'In a healthy joint, smooth cartilage covers the ends of the bones so they glide easily. In osteoarthritis this cartilage gradually becomes thinner and rougher, the bone underneath thickens, small bony outgrowths may form and the joint lining can become inflamed. It is an active process in the joint rather than simple wear.',
      'The risk rises with age, a previous joint injury, excess body weight and a family history of the condition. Common symptoms are pain during or after activity and stiffness after rest that usually loosens within about half an hour. Hip osteoarthritis is typically felt in the groin or front of the thigh, and sometimes in the buttock or knee. Knee osteoarthritis often makes stairs uncomfortable.',
      'There is no cure, but symptoms can often be well controlled. Regular exercise, muscle strengthening, weight management where relevant and pain relief are the main treatments. Joint replacement may be considered when pain and loss of function remain severe despite these measures.',
    ],
    references: [REFS.nhsOsteoarthritis, REFS.niamsOsteoarthritis],
  },
  {
    key: 'patellofemoral-pain-syndrome',
    name: 'Patellofemoral pain syndrome',
    alsoKnownAs: ["Runner's knee", 'Anterior knee pain', 'PFPS'],
    summary:
      'An ache around or behind the kneecap that is typically brought on by stairs, squatting, kneeling, running or sitting with the knees bent. It is common in active teenagers and young adults but can happen at any age.',
    body: [
      'The kneecap glides in a shallow groove at the lower end of the thigh bone. When the knee bends while carrying weight, as it does on stairs or in a squat, the pressure between the two rises sharply. Patellofemoral pain arises when this joint and the tissues around it are asked to handle more load than they can currently tolerate.',
      'Contributing factors include a sudden increase in running or training, weakness in the thigh and hip muscles, reduced flexibility and the way the knee moves during single-leg tasks. There is usually no significant swelling or locking, and scans are often normal. Some people notice clicking or grinding under the kneecap, which on its own is rarely a concern.',
      'Exercise therapy that strengthens the muscles around the knee and hip has the best evidence, combined with temporarily reducing the activities that provoke pain. Taping or shoe inserts help some people in the short term. Recovery can take several weeks to a few months, and most people improve.',
    ],
    references: [REFS.nhsKneePain, REFS.medlineKnee],
  },
  {
    key: 'tension-headache',
    name: 'Tension-type headache',
    alsoKnownAs: ['Tension headache', 'Stress headache'],
    summary:
      'The most common kind of headache, felt as a steady pressure or tight band across the forehead, temples or behind the eyes. It is usually mild to moderate and does not normally cause vomiting.',
    body: [
      'Most people have a tension-type headache at some point. The pain is usually on both sides of the head, feels pressing rather than throbbing and is not made worse by everyday activity such as walking. An episode can last from half an hour to several days.',
      'The exact cause is not fully understood. Common triggers include stress, poor sleep, long spells at a screen or in a hunched posture, skipped meals, not drinking enough and eye strain. Tender, tight muscles in the neck and shoulders often come with it.',
      'Simple painkillers help occasional headaches, but using them on many days each month can lead to medication-overuse headache, which makes headaches more frequent. Regular sleep, meals and fluids, screen breaks and physical activity help prevent them. Frequent or worsening headaches are worth discussing with a GP.',
    ],
    references: [REFS.nhsTensionHeadaches, REFS.medlineHeadache],
  },
  {
    key: 'migraine',
    name: 'Migraine',
    alsoKnownAs: ['Migraine headache', 'Migraine with aura', 'Migraine without aura'],
    summary:
      'A common neurological condition causing repeated attacks of moderate to severe headache, often throbbing and one-sided, with nausea and sensitivity to light or sound. Some people have warning symptoms called aura.',
    body: [
      'An untreated attack usually lasts between 4 and 72 hours. The pain is often on one side, around an eye or temple, and is made worse by movement. Nausea, vomiting and sensitivity to light, noise or smells are common. Roughly a quarter to a third of people with migraine have aura, such as zigzag lines, flashing lights, blind spots or tingling, which builds over several minutes and usually fades within an hour.',
      'Migraine often runs in families and is more common in women, partly because of hormonal changes. Possible triggers include missed meals, changes in sleep, stress or the let-down after it, alcohol, dehydration and periods, although not everyone can identify a trigger. Many headaches that people put down to their sinuses turn out, on assessment, to be migraine.',
      'Treatment includes taking pain relief or anti-sickness medicine early in an attack, specific migraine medicines called triptans, and preventive treatment if attacks are frequent. A headache diary helps show patterns. People who have migraine with aura should mention it when discussing contraception, because it affects which options are suitable.',
    ],
    references: [REFS.nhsMigraine, REFS.medlineMigraine],
  },
  {
    key: 'gastro-oesophageal-reflux-disease',
    name: 'Gastro-oesophageal reflux disease',
    alsoKnownAs: ['GORD', 'GERD', 'Acid reflux'],
    summary:
      'A condition in which stomach acid and contents flow back into the oesophagus often enough to cause troublesome symptoms, most commonly heartburn and a sour or acid taste in the mouth.',
    body: [
      'A ring of muscle at the lower end of the oesophagus normally works as a one-way valve, letting food into the stomach and keeping stomach contents out of the oesophagus. If it relaxes at the wrong moment or is weakened, acid can rise upwards. Occasional reflux happens to almost everyone; it is called gastro-oesophageal reflux disease when it happens often or causes complications.',
      'Symptoms include burning behind the breastbone, bringing up sour fluid, a cough, a hoarse voice and disturbed sleep, and they are often worse after meals, when bending over or when lying down. Excess weight, pregnancy, smoking, alcohol, large or fatty meals, some medicines and a hiatus hernia, where part of the stomach pushes up through the diaphragm, all make reflux more likely.',
      'Many people improve with lifestyle changes plus antacids, alginates or acid-reducing medicines from a pharmacist or doctor. Long-standing reflux can inflame the oesophagus and, in a small number of people, lead to changes in its lining, so persistent symptoms should be assessed.',
    ],
    references: [REFS.nhsHeartburn, REFS.niddkReflux],
  },
]

export const DEMO_ARTICLES: DemoArticle[] = [
  {
    key: 'lower-back-pain-radiating-to-hip',
    question: 'Why does my lower back pain radiate to my hip?',
    symptomKeys: ['lower-back-pain', 'hip-pain'],
    summary:
      'Pain spreading from the lower back into the hip or buttock can come from a strained muscle, the sacroiliac joint, an irritated nerve, the hip joint or a deep buttock muscle. How they differ, and when to get checked.',
    intro: [
      'The lower back, pelvis and hips are closely connected. They share muscles, ligaments and nerves, so a problem in one place is often felt in another. Pain that seems to travel from the back into the hip, buttock or groin is very common, and for most people the cause is one that settles with time and the right kind of activity.',
      'Where exactly you feel the pain, what eases or aggravates it, and whether you also notice tingling or numbness can all help a clinician work out its source. The possibilities below are among the more common ones. They are here to help you make sense of your symptoms, not to diagnose them.',
    ],
    causes: [
      {
        heading: 'A strained muscle or ligament in the lower back',
        conditionKeys: ['muscle-strain'],
        explanation: [
          'Lifting something awkwardly, a sudden twist or an unusually busy weekend in the garden can overstretch the muscles and ligaments that support the lower spine. Several of these muscles attach to the top of the pelvis, so the ache often spreads across the back of the hip and into the buttock. The area may feel stiff and tender, and bending or getting out of a chair can be uncomfortable.',
          'This kind of pain usually stays above the knee and does not cause numbness or pins and needles. It tends to improve noticeably over a few days to a few weeks, especially if you keep moving gently rather than resting in bed.',
        ],
      },
      {
        heading: 'Irritation of the sacroiliac joint',
        conditionKeys: ['sacroiliac-joint-dysfunction'],
        explanation: [
          'The sacroiliac joints sit on either side of the base of the spine, roughly beneath the two small dimples just above the buttocks. When one of them is irritated, pain is usually felt on one side, low in the back and buttock, and it can spread to the outer hip, the groin or the back of the thigh.',
          'Movements that load one leg at a time, such as climbing stairs, standing on one leg to pull on trousers or rolling over in bed, often bring it on. It is more common during and after pregnancy and after a fall onto the buttocks. Back stiffness that lasts more than about half an hour in the morning and loosens with exercise is worth mentioning to a doctor, as it can point to an inflammatory cause.',
        ],
      },
      {
        heading: 'A nerve root irritated by a disc',
        conditionKeys: ['sciatica', 'lumbar-disc-herniation'],
        explanation: [
          'The discs between the vertebrae act as shock absorbers. If part of a disc bulges outwards, it can press on or inflame a nearby nerve root. Because these nerve roots supply the buttock and leg, the pain can feel as if it starts in the hip even though its source is in the spine. This pattern is known as sciatica.',
          'Nerve pain tends to feel different from muscle pain. It is often sharp, burning or shooting, may run below the knee into the calf or foot, and can come with tingling, numbness or weakness. Coughing, sneezing or sitting for long periods may make it worse. Most disc-related sciatica eases within about six weeks, although some people take longer.',
        ],
      },
      {
        heading: 'Arthritis in the hip joint itself',
        conditionKeys: ['osteoarthritis'],
        explanation: [
          'Sometimes the pain runs the other way, and the hip joint is the source. Hip osteoarthritis usually causes a deep ache in the groin or the front of the thigh, but it can also be felt in the buttock and occasionally down to the knee. Stiffness after sitting, difficulty putting on socks and shoes, and pain when walking are typical.',
          'People with a painful hip often change the way they walk to protect it, and that can leave the lower back muscles sore as well. A clinician can usually tell the two apart by gently moving the hip and seeing whether this reproduces the pain.',
        ],
      },
      {
        heading: 'A tight or overworked piriformis muscle',
        conditionKeys: ['piriformis-syndrome', 'sciatica'],
        explanation: [
          'The piriformis is a small muscle deep in the buttock that helps turn the leg outwards, and the sciatic nerve runs right beside it. If the muscle is tight, overworked or injured, it may irritate the nerve and cause a deep buttock ache that can spread towards the hip and down the back of the thigh.',
          'Long periods of sitting, particularly on a hard seat or with a wallet in a back pocket, often make it worse. This is a less common explanation than a disc problem and can be hard to confirm, so it is usually considered once other causes have been looked at.',
        ],
      },
    ],
    whenToSeekCare: [
      'Most back and hip pain improves on its own within a few weeks. It is worth seeing a GP or physiotherapist if the pain has not started to improve after four to six weeks, if it stops you working or sleeping, if it keeps coming back, or if it is getting steadily worse.',
      'Call emergency services or go to an emergency department straight away if back pain comes with numbness or tingling around the genitals, anus or inner thighs, new difficulty passing urine, loss of control of your bladder or bowels, or weakness in both legs. These can be signs of cauda equina syndrome, a rare condition in which the nerves at the base of the spine are compressed and which needs urgent treatment.',
      'See a doctor promptly, the same day if you can, if your back pain comes with a fever or feeling generally unwell, unexplained weight loss, a past history of cancer, severe pain that is no better when you lie still, or if it started after a significant fall or accident.',
    ],
    takeaway: [
      'Pain that travels from the lower back into the hip usually comes from muscles, joints or nerves in the area rather than from anything serious, and most episodes settle with time, gentle activity and simple pain relief. Noticing where the pain sits and what it feels like will help a clinician pin down the cause. Get urgent help for the warning signs above, and book a routine appointment if the pain lingers or keeps returning.',
    ],
    references: [REFS.nhsBackPain, REFS.nhsSciatica, REFS.niamsBackPain],
    authorKey: 'maya-writer',
  },
  {
    key: 'headache-behind-eyes',
    question: 'Why do I get a headache behind my eyes?',
    symptomKeys: ['headache-behind-eyes'],
    summary:
      'A headache that sits behind the eyes is most often a tension-type headache or migraine, and screen time, poor sleep or skipped meals can set either off. The common causes, simple ways to ease them and the symptoms that need urgent care.',
    intro: [
      'Pain behind the eyes is one of the most common ways a headache shows itself. It may feel like pressure, a dull ache or a throb, and it can affect one eye or both. Although pain so close to the eyes can be unsettling, the eyes themselves are usually not the source.',
      'Most headaches of this kind are what doctors call primary headaches, meaning the headache is the condition itself rather than a sign of something else. Knowing the usual patterns can help you spot your own triggers and decide when a check-up makes sense.',
    ],
    causes: [
      {
        heading: 'Tension-type headache',
        conditionKeys: ['tension-headache'],
        explanation: [
          'This is the most common headache of all. It usually feels like a band of pressure across the forehead or behind both eyes, sometimes reaching round to the back of the head and neck. The pain is steady rather than pulsing and usually mild to moderate, so most people can carry on with their day.',
          'Stress, tiredness, long hours at a desk and tight neck and shoulder muscles often go along with it. The headache may build through the afternoon and ease after rest, a walk or a good night of sleep.',
        ],
      },
      {
        heading: 'Migraine',
        conditionKeys: ['migraine'],
        explanation: [
          'Migraine pain is often one-sided and centred around or behind one eye or temple. It tends to throb, is moderate to severe and gets worse with movement. Feeling sick, being bothered by light and noise and wanting to lie still in a dark room are typical. Some people see zigzag lines or flashing lights beforehand, which is known as aura.',
          "Migraine is often mistaken for a sinus problem, because it can cause pressure around the eyes and a blocked or runny nose. If 'sinus headaches' keep coming back without a cold or fever, it is worth asking a GP whether migraine could be the explanation.",
        ],
      },
      {
        heading: 'Eye strain from screens, reading or out-of-date glasses',
        conditionKeys: ['tension-headache'],
        explanation: [
          'Focusing on a screen or page for a long time keeps the small focusing muscles of the eyes working without a break, and people tend to blink less, which dries the eyes. The result can be tired, sore eyes and a dull ache behind them, often alongside a tension-type headache.',
          'Vision that needs correcting, or glasses with an old prescription, can add to the strain. Regular short breaks, good lighting and a routine eye test are simple steps that often help.',
        ],
      },
      {
        heading: 'Changes to sleep, meals, fluids or caffeine',
        conditionKeys: ['migraine', 'tension-headache'],
        explanation: [
          'Both migraine and tension-type headaches are sensitive to disruption in daily routine. Sleeping much less or more than usual, skipping meals, not drinking enough and changing how much caffeine you have can all set off a headache. Some people also notice a link with alcohol, with their menstrual cycle or with the let-down at the end of a stressful week.',
          'Keeping a simple diary of when headaches happen and what came before them can reveal patterns that are easy to miss from day to day.',
        ],
      },
      {
        heading: 'Taking painkillers too often',
        conditionKeys: ['tension-headache', 'migraine'],
        explanation: [
          'Using painkillers for headaches on many days each month can, over time, make headaches more frequent. This is called medication-overuse headache, and it mainly affects people who already have tension-type headaches or migraine.',
          'If you find you are taking headache tablets on more than two or three days most weeks, speak to a GP or pharmacist. Cutting down with their guidance usually helps, although headaches may get worse for a short time before they improve.',
        ],
      },
    ],
    whenToSeekCare: [
      'See a GP if your headaches are becoming more frequent or more severe, if they regularly stop you doing normal activities, if painkillers are not helping, or if you are over 50 and have started getting headaches for the first time.',
      'Get emergency help straight away for a sudden, extremely severe headache that reaches its peak within seconds to a few minutes; a headache with a stiff neck, fever, a rash or confusion; a headache after a head injury; or a headache with new weakness, numbness, slurred speech, loss of vision or double vision.',
      'A painful red eye with blurred vision, haloes around lights and nausea or vomiting can be a sign of acute glaucoma and needs same-day eye care. In people over 50, a new headache with tenderness over the temples or jaw pain when chewing should also be checked the same day.',
    ],
    takeaway: [
      'Most headaches behind the eyes are tension-type headaches or migraine, often nudged along by screen time, missed sleep, skipped meals or stress. Small changes to routine, regular breaks and an up-to-date eye test can make a real difference, and a GP can help if headaches are frequent. A sudden severe headache, or one with changes in vision, speech or strength, always needs urgent attention.',
    ],
    references: [REFS.nhsHeadaches, REFS.nhsMigraine, REFS.medlineHeadache],
    authorKey: 'daniel-writer',
  },
  {
    key: 'knee-pain-climbing-stairs',
    question: 'Why does my knee hurt when I climb stairs?',
    symptomKeys: ['knee-pain'],
    summary:
      'Knee pain on the stairs is often caused by irritation around the kneecap, osteoarthritis, weak hip and thigh muscles or a strained thigh muscle. What each feels like, what helps, and when to get your knee checked.',
    intro: [
      'Stairs ask a lot of your knees. Each step up means bending the knee while it carries your whole body weight, and the pressure behind the kneecap is several times higher than when you walk on level ground. That is why stairs are often the first place people notice a knee problem.',
      'The good news is that most stair-related knee pain comes from common, treatable problems, and many respond well to strengthening exercise. Where the pain sits, how it started and whether the knee swells or gives way are all useful clues.',
    ],
    causes: [
      {
        heading: 'Irritation around the kneecap',
        conditionKeys: ['patellofemoral-pain-syndrome'],
        explanation: [
          "Patellofemoral pain, sometimes called runner's knee, is the most common cause of pain at the front of the knee in younger and active people. It feels like a dull ache around or behind the kneecap that flares on stairs, when squatting or kneeling, and when standing up after sitting with bent knees, such as at the cinema or on a long drive.",
          'It often follows a change in load, such as taking up a new sport, increasing running distance or a spell of heavy lifting, and it usually is not linked to any damage that shows on a scan. Clicking or grinding under the kneecap is common and is rarely a worry on its own.',
        ],
      },
      {
        heading: 'Osteoarthritis of the knee',
        conditionKeys: ['osteoarthritis'],
        explanation: [
          'From middle age onwards, osteoarthritis becomes a more likely explanation, and stairs are often one of the first activities to become uncomfortable. The knee may feel stiff first thing in the morning or after sitting, and the ache may sit on the inner side of the knee or all around it. Some people notice creaking, mild swelling or the knee feeling less steady.',
          'Although osteoarthritis is a long-term condition, it does not always get worse, and many people reduce their pain and move more easily with regular exercise, strengthening and, where relevant, weight loss.',
        ],
      },
      {
        heading: 'Weak or tired hip and thigh muscles',
        conditionKeys: ['patellofemoral-pain-syndrome', 'osteoarthritis'],
        explanation: [
          'The muscles at the front of the thigh, the quadriceps, do much of the work of straightening the knee as you step up, while the muscles around the hip help keep the knee in line over the foot. When these muscles are weak or tire quickly, more load falls on the knee joint and kneecap, and the knee may drift inwards as you climb.',
          'Muscle weakness is rarely the whole story, but it often lies behind both kneecap pain and arthritis pain. It is also one of the easiest factors to change, which is why strengthening exercises are a core part of most treatment plans.',
        ],
      },
      {
        heading: 'A strained thigh muscle',
        conditionKeys: ['muscle-strain'],
        explanation: [
          'If the pain began after a specific effort, such as a sprint, a jump or a slip, a strain in the quadriceps may be to blame. The pain is usually felt in the thigh just above the knee rather than in the joint itself, and it is worst when the muscle works hard, such as when pushing up onto the next step.',
          'Mild strains tend to improve over one to three weeks with relative rest followed by a gradual return to activity. Heavy bruising, a visible dent in the muscle or being unable to lift the leg suggest a more significant injury that should be assessed.',
        ],
      },
    ],
    whenToSeekCare: [
      'See a GP or physiotherapist if knee pain on the stairs has not improved after a few weeks of sensible self-care, if it keeps returning, or if it is stopping you from exercising or managing everyday tasks.',
      'Get urgent care if your knee swelled up quickly after an injury, if you felt or heard a pop and the knee gave way, if it locks and you cannot straighten it, if you cannot put weight on the leg, or if the knee looks misshapen. A hot, red, swollen knee, especially with a fever or feeling unwell, can mean an infection and needs same-day assessment. Pain and swelling in the calf, particularly after surgery, a long journey or a period of being immobile, should also be checked quickly because it can be a sign of a blood clot.',
    ],
    takeaway: [
      'Knee pain on the stairs is common and usually comes from the joint behind the kneecap, osteoarthritis or muscles that are not yet strong enough for the job. Staying active, easing off activities that clearly aggravate it and building strength in the thighs and hips helps most people. Get prompt advice for a knee that swells, locks, gives way or is hot and red.',
    ],
    references: [REFS.nhsKneePain, REFS.medlineKnee, REFS.niamsOsteoarthritis],
    authorKey: 'maya-writer',
  },
  {
    key: 'heartburn-at-night',
    question: 'Why do I get heartburn at night?',
    symptomKeys: ['heartburn', 'indigestion'],
    summary:
      'Night-time heartburn usually happens because lying down makes it easier for stomach acid to rise into the oesophagus. Late meals, certain foods and drinks, extra pressure on the stomach and some medicines can all add to it.',
    intro: [
      'Heartburn is a burning feeling behind the breastbone caused by acid from the stomach washing back up into the oesophagus, the tube that carries food down from the mouth. Many people find it is worse at night, or that it wakes them with a sour taste in the mouth or a cough.',
      'There are good reasons for this. When you are upright, gravity helps keep stomach contents where they belong, and frequent swallowing clears away any acid that does rise. Lying down removes the help from gravity, and during sleep you swallow far less often.',
    ],
    causes: [
      {
        heading: 'Lying down soon after eating',
        conditionKeys: ['gastro-oesophageal-reflux-disease'],
        explanation: [
          'The stomach is at its fullest for a couple of hours after a meal and produces extra acid while it digests. Lying down during this time gives the acid an easier path upwards, and reclining on a sofa after dinner can have a similar effect.',
          'Leaving three to four hours between your last meal and bedtime, and raising the head of the bed by 10 to 20 centimetres with blocks or a wedge under the mattress, are two of the most useful practical changes. Piling up pillows tends to help less, because it bends you at the waist instead of lifting your whole upper body.',
        ],
      },
      {
        heading: 'Large, rich or late evening meals',
        conditionKeys: ['gastro-oesophageal-reflux-disease'],
        explanation: [
          'A big meal stretches the stomach and pushes against the valve at its top. Fatty food stays in the stomach for longer and can relax that valve, so a heavy dinner eaten late is a common trigger.',
          'Having a smaller evening meal, and eating it earlier, often makes a noticeable difference.',
        ],
      },
      {
        heading: 'Certain foods, drinks and smoking',
        conditionKeys: ['gastro-oesophageal-reflux-disease'],
        explanation: [
          'Alcohol, coffee, chocolate, peppermint, fizzy drinks, tomatoes, citrus fruit and spicy food are often reported triggers, although which ones matter varies a great deal between people. Smoking weakens the valve and reduces saliva, which normally helps to neutralise acid.',
          'Rather than cutting out a long list of foods, it usually works better to notice which ones seem to affect you and limit those, particularly in the evening.',
        ],
      },
      {
        heading: 'Extra pressure on the stomach, including a hiatus hernia',
        conditionKeys: ['gastro-oesophageal-reflux-disease'],
        explanation: [
          'Anything that squeezes the stomach from below can push acid upwards. Carrying extra weight around the middle, pregnancy and tight waistbands are common examples. A hiatus hernia, where part of the stomach slides up through the diaphragm into the chest, can also weaken the barrier that normally keeps acid down.',
          'Hiatus hernias are common and often cause no trouble, but they can make reflux more likely, especially when lying flat.',
        ],
      },
      {
        heading: 'Medicines that affect the oesophagus',
        conditionKeys: ['gastro-oesophageal-reflux-disease'],
        explanation: [
          'Some medicines can relax the valve or irritate the lining of the oesophagus. Examples include anti-inflammatory painkillers such as ibuprofen, some blood pressure medicines known as calcium channel blockers, nitrates used for angina and certain sedatives. Swallowing tablets with too little water just before lying down can also irritate the oesophagus.',
          'Do not stop a prescribed medicine on your own, but it is reasonable to ask a pharmacist or doctor whether any of yours could be contributing.',
        ],
      },
    ],
    whenToSeekCare: [
      'Occasional heartburn is very common and usually eases with simple changes and an antacid or alginate from a pharmacy. See a GP if you have heartburn on most days for three weeks or more, if pharmacy medicines are not helping, or if symptoms keep waking you at night.',
      'See a doctor promptly if heartburn comes with difficulty swallowing or food sticking on the way down, repeated vomiting, vomiting blood or material that looks like coffee grounds, black or tarry stools, unexplained weight loss or a lump in your upper abdomen. These symptoms are uncommon, but they need to be checked.',
      'Chest pain is not always heartburn. Call emergency services if chest pain feels tight, heavy or crushing, spreads to the arm, neck, jaw or back, or comes with breathlessness, sweating, nausea or light-headedness, even if you think it might be indigestion.',
    ],
    takeaway: [
      'Night-time heartburn is usually reflux made worse by lying down, often on top of a late meal, trigger foods or extra pressure on the stomach. Eating earlier, raising the head of the bed and cutting back on your own triggers helps many people, and a pharmacist or GP can advise on medicines if it persists. Chest pain with breathlessness, sweating or pain spreading to the arm or jaw should always be treated as an emergency.',
    ],
    references: [REFS.nhsHeartburn, REFS.niddkReflux, REFS.medlineGerd],
    authorKey: 'daniel-writer',
  },
]
