import { postgresAdapter } from '@payloadcms/db-postgres'
import { seoPlugin } from '@payloadcms/plugin-seo'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildConfig } from 'payload'
import sharp from 'sharp'

import { collectionAccess } from '@/access/fromMatrix'
import { withGlobalAccess } from '@/access/globalAccess'
import { mayScheduleJobs } from '@/access/jobs'
import { Articles } from '@/collections/Articles'
import { ARTICLE_CLINICAL_FIELDS, ARTICLE_SIGNED_WHEN_SET } from '@/collections/Articles/clinicalFields'
import { Conditions } from '@/collections/Conditions'
import { Feedback } from '@/collections/Feedback'
import { ReferenceChecks } from '@/collections/ReferenceChecks'
import { Media } from '@/collections/Media'
import { Symptoms } from '@/collections/Symptoms'
import { Users } from '@/collections/Users'
import { reviewerRegistry } from '@/collections/Users/registry'
import { emptyDraftsTask } from '@/collections/Articles/emptyDrafts'
import { referenceHealthTask } from '@/lib/references/referenceHealth'
import { forgetFeedbackClientsTask } from '@/lib/feedback/forgetClients'
import { runOnceJobsCollection } from '@/lib/jobs/claim'
import { answerDatabaseOutage, healthEndpoints, poolLimits, watchPool } from '@/lib/db/faults'
import { primaryUnlessReader } from '@/lib/db/readReplicas'
import { emailAdapter } from '@/lib/email'
import { mediaStorage } from '@/lib/media/storage'
import { databaseReplicaUrls, databaseUrl, payloadSecret, serverUrl } from '@/lib/runtimeConfig'
import { medicalReviewAccess } from '@/access/medicalReview'
import { medicalReview } from '@/plugins/medicalReview'
import { queryGuard } from '@/plugins/queryGuard'

const dirname = path.dirname(fileURLToPath(import.meta.url))

const origin = serverUrl(process.env)

const config = buildConfig({
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
    // After the review plugin's queue: editors see the new reader reports, staff the broken and
    // moved references of published pages.
    components: {
      beforeDashboard: [
        '/components/admin/FeedbackQueue#FeedbackQueue',
        '/components/admin/ReferenceHealth#ReferenceHealth',
      ],
    },
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
  i18n: {
    translations: {
      en: {
        version: {
          // Payload's restore button shows this, never the server's refusal: say what the rules are.
          problemRestoringVersion:
            'This version was not restored. A restore never publishes content without a valid sign-off, and never takes a published page down: restore it as a draft (the published version stays live) and submit it for review, or use Unpublish in the review panel, which asks for the reason.',
        },
      },
    },
  },
  collections: [Articles, Conditions, Symptoms, Users, Media, Feedback, ReferenceChecks],
  // GET /api/health (liveness) and /api/ready (database and migrations), for load balancers and compose.
  endpoints: healthEndpoints,
  // A database outage answers 503 with Retry-After, not 500 "An unknown error occurred."
  hooks: { afterError: [answerDatabaseOutage] },
  // Expected refusals (a 4xx whose message says what to do next) are one info line each, not an
  // error with a stack trace: the log's errors are left for what really went wrong. Payload adds
  // Forbidden, Locked, MissingFile, NotFound and ValidationError itself; `APIError` stays an error,
  // since its 500s share the name. Tested in tests/int/refusalLogging.int.test.ts.
  loggingLevels: {
    Locked: 'info',
    // A wrong password or an expired session (401), a `where` on a path that cannot be queried (400),
    // an unverified account, an upload of a kind a collection does not take.
    AuthenticationError: 'info',
    QueryError: 'info',
    UnverifiedEmail: 'info',
    FileUploadError: 'info',
    // Repeated wrong passwords locked an account: worth noticing, not an error.
    LockedAuth: 'warn',
    // Ours (lib/refusal.ts, plugins/medicalReview/errors.ts and gate.ts): names Payload's type does not list.
    ...({ WorkflowError: 'info', Refusal: 'info', PublishRefused: 'info' } as Record<string, 'info'>),
  },
  onInit: watchPool,
  plugins: [
    // Only for the translations of its inputs, which the articles' SEO tab uses (fields/seo.ts):
    // it adds fields to no collection, and with no generate functions and no collections its
    // /api/plugin-seo/generate-* endpoints refuse every request.
    seoPlugin({}),
    queryGuard(),
    medicalReview({
      collections: {
        articles: { clinicalFields: ARTICLE_CLINICAL_FIELDS, signedWhenSet: ARTICLE_SIGNED_WHEN_SET },
        // Other names are shown on the condition's page and searched: signed once there are any.
        conditions: { clinicalFields: ['name', 'summary', 'body', 'references'], signedWhenSet: ['alsoKnownAs'] },
      },
      // Who may submit, sign off and publish: the access table's answers (access/matrix.ts).
      access: medicalReviewAccess,
      // Who may sign off: verified, unexpired credentials (collections/Users/registry.ts).
      registry: reviewerRegistry,
    }),
    // Media files in an S3-compatible bucket when S3_BUCKET is set; none: the local disk (lib/media/storage.ts).
    ...mediaStorage(process.env),
  ],
  // SMTP when SMTP_URL is set; otherwise e-mails (review reminders) are written to the log.
  email: emailAdapter(process.env),
  editor: lexicalEditor(),
  sharp,
  // Everything reads the primary except reader pages, which may read a replica from
  // DATABASE_REPLICA_URLS that has replayed every commit (lib/db/readReplicas.ts).
  db: primaryUnlessReader(
    postgresAdapter({
      // Timeouts so a stalled database gives an error, not a hang (lib/db/faults.ts).
      pool: { connectionString: databaseUrl(process.env), ...poolLimits(process.env) },
      readReplicas: databaseReplicaUrls(process.env),
      // The adapter's per-process "primary for 2 s after a write" is replaced by that replay check.
      readReplicasAfterWriteInterval: 0,
      // The schema comes only from committed migrations, in every environment: a pushed dev
      // schema would make `payload migrate` stop at an interactive prompt.
      push: false,
      // Production never creates a database: a mistyped DATABASE_URL is refused, not made (npm start
      // also refuses an empty one unless DATABASE_INIT=true; tooling/db/waitForDatabase.ts).
      disableCreateDatabase: process.env.NODE_ENV === 'production',
      migrationDir: path.resolve(dirname, 'migrations'),
    }),
  ),
  jobs: {
    // Hourly: deletes drafts left untouched by "Create new" (autosave creates one on open).
    // Daily: checks every reference of every published page (REFERENCE_CHECKS=off: not scheduled).
    // Hourly: erases reader feedback's client keys once the rate limit no longer needs them.
    tasks: [emptyDraftsTask(), referenceHealthTask(process.env), forgetFeedbackClientsTask()],
    // Runs queued jobs — scheduled publishing among them — once a minute in the server process.
    // JOBS_AUTORUN=false turns this off on instances that should not run jobs.
    autoRun: [{ cron: '* * * * *', queue: 'default', limit: 20 }],
    shouldAutoRun: () => process.env.JOBS_AUTORUN !== 'false',
    // Several instances (and `npm run payload -- jobs:run`) may run one queue: each job runs once.
    // Payload's own claim reads, then updates; with runHooks it goes through the jobs collection,
    // where runOnceJobsCollection makes it one conditional UPDATE (lib/jobs/claim.ts).
    runHooks: true,
    // The jobs collection: editors read it, nobody writes it through the API (access/matrix.ts).
    // Payload's admin server function `schedule-publish` deletes and queues jobs of its own task
    // without access checks; no collection enables that task (the review plugin refuses one that
    // does), so it can reach nothing here.
    jobsCollectionOverrides: ({ defaultJobsCollection }) =>
      runOnceJobsCollection({
        ...defaultJobsCollection,
        access: { ...defaultJobsCollection.access, ...collectionAccess('payload-jobs') },
      }),
    // Payload lets any logged-in user queue, run or cancel jobs by default; here the table decides.
    access: { queue: mayScheduleJobs, run: mayScheduleJobs, cancel: mayScheduleJobs },
  },
  logger: { options: { level: process.env.LOG_LEVEL || 'info' } },
  telemetry: false,
  typescript: {
    outputFile: path.resolve(dirname, 'payload-types.ts'),
  },
})

// Payload adds globals of its own while building the config: their access comes from the table too.
export default config.then(withGlobalAccess)
