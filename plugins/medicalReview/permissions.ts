/**
 * The workflow's permission checks, answered by the host (the `access` option): publish,
 * unpublish and schedule need `mayPublish`, submitting needs `maySubmit`, and signing off needs
 * `maySignOff` (the workflow also checks the assignment against the document).
 */
import type { ResolvedCollectionOptions } from './resolveOptions'
import type { ReviewUser } from './types'

type Options = Pick<ResolvedCollectionOptions, 'slug' | 'access'>

export const mayPublish = (options: Options, user: ReviewUser) => options.access.mayPublish(options.slug, user)

export const maySubmit = (options: Options, user: ReviewUser) => options.access.maySubmit(options.slug, user)

export const maySignOff = (options: Options, user: ReviewUser) => options.access.maySignOff(options.slug, user)
