/**
 * Role predicates: plain functions of a user, the building blocks of every access rule.
 * A user holds one or more roles (docs/medical-review.md, "Roles").
 */
export const ROLES = ['writer', 'reviewer', 'editor', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  writer: 'Writer',
  reviewer: 'Clinical reviewer',
  editor: 'Editor',
  admin: 'Admin',
}

type MaybeUser = { roles?: readonly string[] | null } | null | undefined

export const hasRole = (user: MaybeUser, role: Role): boolean => Boolean(user?.roles?.includes(role))

export const isAdmin = (user: MaybeUser): boolean => hasRole(user, 'admin')

/** Editors publish and unpublish; admins may do anything an editor can. */
export const isEditor = (user: MaybeUser): boolean => hasRole(user, 'editor') || isAdmin(user)

/** Anyone who works in the admin panel: holds at least one known role. */
export const isStaff = (user: MaybeUser): boolean => ROLES.some((role) => hasRole(user, role))

/** May draft and edit content: writers, editors and admins (reviewers only sign off). */
export const canWriteContent = (user: MaybeUser): boolean => hasRole(user, 'writer') || isEditor(user)
