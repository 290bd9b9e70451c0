import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'

import { SMTPServer } from 'smtp-server'

export interface SunkMail {
  to: string[]
  subject: string
  text: string
}

/**
 * A real SMTP server for the browser tests: the app under test sends through it (SMTP_URL), and
 * every message it accepts is appended to `file` as one JSON line, for the tests to read.
 */
export async function startSmtpSink(file: string): Promise<{ url: string; stop: () => Promise<void> }> {
  writeFileSync(file, '')
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const [head = '', ...body] = raw.split(/\r?\n\r?\n/)
        const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(head)?.[1]?.replace(/\r?\n[ \t]/g, ' ') ?? ''
        const mail: SunkMail = {
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          subject: decodeWords(subject.trim()),
          text: body.join('\n\n'),
        }
        appendFileSync(file, `${JSON.stringify(mail)}\n`)
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=), which nodemailer uses for non-ASCII subjects. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_match, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    )
}

/** Every message the sink has accepted so far. */
export function sunkMail(file: string): SunkMail[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SunkMail)
}
