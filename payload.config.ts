import { postgresAdapter } from '@payloadcms/db-postgres'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildConfig } from 'payload'
import sharp from 'sharp'

import { collectionAccess } from '@/access/fromMatrix'
import { isEditor } from '@/access/roles'
import { Articles } from '@/collections/Articles'
import { ARTICLE_CLINICAL_FIELDS } from '@/collections/Articles/clinicalFields'
import { Conditions } from '@/collections/Conditions'
import { Media } from '@/collections/Media'
import { Symptoms } from '@/collections/Symptoms'
import { Users } from '@/collections/Users'
import { emailAdapter } from '@/lib/email'
import { databaseUrl, payloadSecret, serverUrl } from '@/lib/runtimeConfig'
import { medicalReview } from '@/plugins/medicalReview'
import { queryGuard } from '@/plugins/queryGuard'

const dirname = path.dirname(fileURLToPath(import.meta.url))

const origin = serverUrl(process.env)

export default buildConfig({
  serverURL: origin,
  secret: payloadSecret(process.env),
  // Cookie-authenticated requests are honoured only from the site's own origin.
  csrf: [origin],
  // No query may populate deeper than this, whatever `depth` a client asks for.
  maxDepth: 5,
  graphQL: {
    disablePlaygroundInProduction: true,
    disableIntrospectionInProduction: true,
    // Refuses queries whose nested selections would cost more than this (Payload's complexity count).
    maxComplexity: 1000,
  },
  admin: {
    user: Users.slug,
    importMap: { baseDir: dirname },
    meta: { titleSuffix: ' · Causeway' },
    // Gravatar would send a hash of every staff email to a third party on each page view.
    avatar: 'default',
    livePreview: {
      collections: ['articles'],
      breakpoints: [
        { label: 'Phone', name: 'phone', width: 390, height: 844 },
        { label: 'Desktop', name: 'desktop', width: 1280, height: 900 },
      ],
    },
  },
  collections: [Articles, Conditions, Symptoms, Users, Media],
  plugins: [
    queryGuard(),
    medicalReview({
      collections: {
        articles: { clinicalFields: ARTICLE_CLINICAL_FIELDS },
        conditions: { clinicalFields: ['name', 'summary', 'body', 'references'] },
      },
    }),
  ],
  // SMTP when SMTP_URL is set; otherwise e-mails (review reminders) are written to the log.
  email: emailAdapter(process.env),
  editor: lexicalEditor(),
  sharp,
  db: postgresAdapter({
    pool: { connectionString: databaseUrl(process.env) },
    // The schema comes only from committed migrations, in every environment: a pushed dev
    // schema would make `payload migrate` stop at an interactive prompt.
    push: false,
    migrationDir: path.resolve(dirname, 'migrations'),
  }),
  jobs: {
    // Runs queued jobs — scheduled publishes among them — once a minute in the server process.
    // JOBS_AUTORUN=false turns this off on instances that should not run jobs.
    autoRun: [{ cron: '* * * * *', queue: 'default', limit: 20 }],
    shouldAutoRun: () => process.env.JOBS_AUTORUN !== 'false',
    // Payload lets any logged-in user queue, run or cancel jobs by default; here only editors may.
    // The jobs collection itself: editors read it, nobody writes it through the API (access/matrix.ts).
    jobsCollectionOverrides: ({ defaultJobsCollection }) => ({
      ...defaultJobsCollection,
      access: { ...defaultJobsCollection.access, ...collectionAccess('payload-jobs') },
    }),
    access: {
      queue: ({ req }) => isEditor(req.user),
      run: ({ req }) => isEditor(req.user),
      cancel: ({ req }) => isEditor(req.user),
    },
  },
  logger: { options: { level: process.env.LOG_LEVEL || 'info' } },
  telemetry: false,
  typescript: {
    outputFile: path.resolve(dirname, 'payload-types.ts'),
  },
})
