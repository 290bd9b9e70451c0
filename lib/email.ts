import type { EmailAdapter, SendEmailOptions } from 'payload'

import { isProduction } from '@/lib/runtimeConfig'

const DEFAULT_FROM = 'Causeway <no-reply@causeway.local>'

/** "Name <address>" → its parts; a bare address has the site's name. */
export function parseFrom(value: string | undefined): { name: string; address: string } {
  const text = (value || DEFAULT_FROM).trim()
  const match = /^(.*)<([^>]+)>$/.exec(text)
  if (match) return { name: match[1]!.trim().replace(/^"|"$/g, '') || 'Causeway', address: match[2]!.trim() }
  return { name: 'Causeway', address: text }
}

const recipients = (to: SendEmailOptions['to']): string =>
  [to]
    .flat(3)
    .map((item) => (typeof item === 'string' ? item : (item as { address?: string } | undefined)?.address))
    .filter(Boolean)
    .join(', ')

/** Writes each e-mail to the server log instead of sending it; in production it says so, once. */
function logAdapter(from: { name: string; address: string }, env: NodeJS.ProcessEnv): EmailAdapter {
  return ({ payload }) => {
    if (isProduction(env)) {
      payload.logger.warn(
        'SMTP_URL is not set: e-mails (review reminders, password resets) are only written to the log.',
      )
    }
    return {
      name: 'log',
      defaultFromAddress: from.address,
      defaultFromName: from.name,
      sendEmail: async (message) => {
        payload.logger.info({
          msg: `E-mail to ${recipients(message.to)}: ${message.subject ?? ''}`,
          text: message.text,
        })
        return { logged: true }
      },
    }
  }
}

/** Payload's nodemailer adapter over `smtpUrl`, loaded only when SMTP is configured. */
async function smtpAdapter(smtpUrl: string, from: { name: string; address: string }): Promise<EmailAdapter> {
  const [{ nodemailerAdapter }, nodemailer] = await Promise.all([
    import('@payloadcms/email-nodemailer'),
    import('nodemailer'),
  ])
  return nodemailerAdapter({
    defaultFromAddress: from.address,
    defaultFromName: from.name,
    transport: nodemailer.createTransport(smtpUrl),
    skipVerify: true,
  })
}

/**
 * Email for Payload: through SMTP when `SMTP_URL` is set (Payload's nodemailer adapter,
 * @payloadcms/email-nodemailer), otherwise written to the server log — the development default,
 * so review reminders are visible without a mail server. In production without `SMTP_URL` the
 * log says, once at start, that nothing is being sent.
 *
 * The SMTP adapter is built asynchronously (Payload's `email` takes a promise), and only then are
 * nodemailer and the adapter loaded. It is always given a transport: with none, the official
 * adapter would create a test account on ethereal.email. The transport is not verified at start
 * (`skipVerify`): it connects when the first e-mail is sent, so a mail server that is down or slow
 * never holds up a boot.
 */
export function emailAdapter(env: NodeJS.ProcessEnv = process.env): EmailAdapter | Promise<EmailAdapter> {
  const from = parseFrom(env.EMAIL_FROM)
  const smtpUrl = env.SMTP_URL
  return smtpUrl ? smtpAdapter(smtpUrl, from) : logAdapter(from, env)
}
