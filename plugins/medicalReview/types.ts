import type { CollectionConfig, CollectionSlug, PayloadRequest } from 'payload'

/** Who is asking: a logged-in user (with whatever roles the host gives users), or nobody. */
export type ReviewUser = { id?: number | string; roles?: readonly string[] | null } | null | undefined

/**
 * Who may do what in the review workflow. The plugin knows no roles: the host answers these
 * questions from its own permission rules, and the plugin asks them on every request.
 */
export interface MedicalReviewAccess {
  /** Works in the admin: may see review status, reviewers' comments and who published. */
  isStaff: (user: ReviewUser) => boolean
  /** May edit documents of `collection` and submit them for review. */
  maySubmit: (collection: string, user: ReviewUser) => boolean
  /** May sign off documents of `collection` (the workflow also checks they are assigned and did not write or edit it). */
  maySignOff: (collection: string, user: ReviewUser) => boolean
  /** May publish, unpublish and schedule documents of `collection`. */
  mayPublish: (collection: string, user: ReviewUser) => boolean
  /** May override someone else's document lock (`?overrideLock=true`, taking over or deleting it); recorded. */
  mayOverrideLock: (user: ReviewUser) => boolean
  /** The `access` of the sign-off ledger and the publication record (nobody may write either through an API). */
  ledger: NonNullable<CollectionConfig['access']>
  publications: NonNullable<CollectionConfig['access']>
  /** The `access` of the review timeline (no API writes either). */
  events: NonNullable<CollectionConfig['access']>
  /** The `access` of notifications: each person reads (and marks read) their own. */
  notifications: NonNullable<CollectionConfig['access']>
}

/**
 * The host's register of clinical reviewers: the plugin asks it who may sign now, what to show
 * of a reviewer when assigning, and which specialties a document calls for.
 */
export interface ReviewerRegistry {
  /** Why `person` may not sign off at `now` (unverified or expired credentials), or null if they may. */
  signingProblem: (person: Record<string, unknown>, now: Date) => string | null
  /** What is recorded with a sign-off and shown when assigning (e.g. "MD, GMC 1234567"). */
  credentialsOf: (person: Record<string, unknown>) => string | null
  /** The reviewer's specialties, as shown when assigning. */
  specialtiesOf: (person: Record<string, unknown>) => string[]
  /** The specialties a document calls for: reviewers holding them are listed first. */
  documentSpecialties: (doc: Record<string, unknown>) => string[]
  /**
   * When `person`'s credentials expire (an ISO date), or null. Optional: with it and
   * `expiryWarnedFor`/`markExpiryWarned`, the daily expiry job warns reviewers 30 days ahead.
   */
  expiresOn?: (person: Record<string, unknown>) => string | null
  /** How a warning names the registration, e.g. "MD registration GMC-1234567"; default: the credentials. */
  registrationOf?: (person: Record<string, unknown>) => string | null
  /** The expiry date `person` was last warned about (each date is warned of once), or null. */
  expiryWarnedFor?: (person: Record<string, unknown>) => string | null
  /** Records, in `req`'s transaction, that `person` was warned their credentials expire on `expiresOn`. */
  markExpiryWarned?: (req: PayloadRequest, person: Record<string, unknown>, expiresOn: string) => Promise<void>
}

/** How one collection takes part in medical review. */
export interface ReviewableCollectionOptions {
  /**
   * The fields a clinician signs off — hashed and snapshotted into the ledger. Any change to one of
   * them makes an existing sign-off stale; every other field can change freely.
   */
  clinicalFields: readonly string[]
  /**
   * Fields that readers see in place of, or beside, clinical content when they hold a value — an
   * SEO title and description shown instead of the question and summary, a condition's other
   * names — by dotted path (`meta.title`). Empty, they add nothing to the hash (so listing one
   * here leaves existing sign-offs valid); filled in, they are signed content like any other.
   */
  signedWhenSet?: readonly string[]
  /** The relationship field naming the document's author, who may never sign it off. Default `author`. */
  authorField?: string
  /** Months until a sign-off must be renewed, unless the document sets its own. Default 12. */
  defaultReviewIntervalMonths?: number
}

export interface MedicalReviewOptions {
  /** The collections whose documents need a clinical sign-off before publishing, by slug. */
  collections: Partial<Record<CollectionSlug, ReviewableCollectionOptions>>
  /** The host's answers to who may do what. */
  access: MedicalReviewAccess
  /** Slug of the sign-off ledger collection. Default `reviews`. */
  reviewsSlug?: string
  /** Slug of the publication record (every publish and unpublish). Default `publications`. */
  publicationsSlug?: string
  /**
   * When the review-expiry job runs (cron, server time). Default daily at 06:00. It can also be
   * queued by hand (task `reviewExpiry`).
   */
  expiryCron?: string
  /** The register of clinical reviewers (credentials, verification, specialties). */
  registry: ReviewerRegistry
}
