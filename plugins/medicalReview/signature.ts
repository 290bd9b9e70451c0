/**
 * Sign-off as an electronic signature (in the spirit of 21 CFR Part 11 §11.50 and §11.200): the
 * reviewer confirms the stated meaning of the signature and re-enters their password at the
 * moment of signing. The password is checked by Payload's own login (so a wrong one counts
 * towards the account's lockout, outside the sign-off's transaction, which a refusal rolls back);
 * the session that check opens is closed again at once.
 */
import { AuthenticationError, LockedAuth, type Payload, type PayloadRequest } from 'payload'

import { formatMoment } from '@/plugins/common/formatDate'

import { WorkflowError } from './errors'
import { type Decision, SIGNATURE_MEANINGS } from './stages'

/** How a signer was identified: their password, re-entered when signing, or server code acting for them. */
export type SignatureMethod = 'password' | 'server'

export interface Signature {
  meaning: string
  method: SignatureMethod
}

type AuthUser = {
  id: number | string
  email?: string | null
  lockUntil?: string | null
  loginAttempts?: number | null
  sessions?: Array<{ id: string }> | null
}

/** The session id inside a JWT (its `sid` claim), without verifying it: we issued it a moment ago. */
function sessionIdOf(token: string | undefined): string | null {
  const payload = token?.split('.')[1]
  if (!payload) return null
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sid?: unknown }
    return typeof claims.sid === 'string' ? claims.sid : null
  } catch {
    return null
  }
}

async function readAuthUser(payload: Payload, slug: string, id: number | string): Promise<AuthUser | null> {
  return (await payload.db.findOne({ collection: slug as 'users', where: { id: { equals: id } } })) as AuthUser | null
}

/** Checks `password` for `user` the way logging in does; a wrong one counts towards lockout. */
export async function verifyPassword(req: PayloadRequest, password: string): Promise<void> {
  const user = req.user as unknown as AuthUser & { collection?: string }
  const slug = user.collection ?? 'users'
  const stored = await readAuthUser(req.payload, slug, user.id)
  if (!stored?.email) throw new WorkflowError('Your account has no e-mail address to sign with.', 400, 'no-email')
  const maxAttempts = req.payload.collections[slug as 'users']?.config.auth?.maxLoginAttempts ?? 0
  try {
    const result = await req.payload.login({ collection: slug as 'users', data: { email: stored.email, password } })
    const sid = sessionIdOf(result.token)
    if (sid) {
      const after = await readAuthUser(req.payload, slug, user.id)
      if (after?.sessions?.some((session) => session.id === sid)) {
        await req.payload.db.updateOne({
          collection: slug as 'users',
          id: user.id,
          data: { sessions: after.sessions.filter((session) => session.id !== sid) },
        })
      }
    }
  } catch (error) {
    if (error instanceof LockedAuth) {
      const locked = await readAuthUser(req.payload, slug, user.id)
      throw new WorkflowError(
        `Too many wrong passwords: your account is locked${locked?.lockUntil ? ` until ${formatMoment(locked.lockUntil)}` : ''}. Nothing was signed.`,
        423,
        'account-locked',
      )
    }
    if (error instanceof AuthenticationError) {
      const after = await readAuthUser(req.payload, slug, user.id)
      const left = maxAttempts > 0 ? Math.max(0, maxAttempts - (after?.loginAttempts ?? 0)) : null
      throw new WorkflowError(
        `That password is not right, so nothing was signed.${left !== null ? ` ${left} attempt${left === 1 ? '' : 's'} left before your account is locked.` : ''}`,
        401,
        'wrong-password',
      )
    }
    throw error
  }
}

/**
 * What the signer must send with a decision: `{ meaning, password }`, the meaning exactly as the
 * dialog states it. Returns what the ledger records.
 */
export async function checkSignature(req: PayloadRequest, decision: Decision, input: unknown): Promise<Signature> {
  const meaning = SIGNATURE_MEANINGS[decision]
  const given = (input && typeof input === 'object' ? input : {}) as { meaning?: unknown; password?: unknown }
  if (given.meaning !== meaning) {
    throw new WorkflowError(`Confirm what your signature means: "${meaning}"`, 400, 'signature-meaning-required')
  }
  if (typeof given.password !== 'string' || !given.password) {
    throw new WorkflowError('Enter your password to sign: it identifies you as the signer.', 400, 'password-required')
  }
  await verifyPassword(req, given.password)
  return { meaning, method: 'password' }
}
