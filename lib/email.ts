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

/**
 * Email for Payload: through SMTP when `SMTP_URL` is set (nodemailer), otherwise written to the
 * server log — the development default, so review reminders are visible without a mail server.
 * In production without `SMTP_URL` the log says, once at start, that nothing is being sent.
 */
export function emailAdapter(env: NodeJS.ProcessEnv = process.env): EmailAdapter {
  const from = parseFrom(env.EMAIL_FROM)
  const smtpUrl = env.SMTP_URL
  return ({ payload }) => {
    if (!smtpUrl) {
      if (isProduction(env)) {
        payload.logger.warn('SMTP_URL is not set: e-mails (review reminders, password resets) are only written to the log.')
      }
      return {
        name: 'log',
        defaultFromAddress: from.address,
        defaultFromName: from.name,
        sendEmail: async (message) => {
          payload.logger.info({ msg: `E-mail to ${recipients(message.to)}: ${message.subject ?? ''}`, text: message.text })
          return { logged: true }
        },
      }
    }
    let transport: Promise<import('nodemailer').Transporter> | undefined
    return {
      name: 'smtp',
      defaultFromAddress: from.address,
      defaultFromName: from.name,
      sendEmail: async (message) => {
        transport ??= import('nodemailer').then((nodemailer) => nodemailer.createTransport(smtpUrl))
        return (await transport).sendMail({ from: `${from.name} <${from.address}>`, ...message } as never)
      },
    }
  }
}
