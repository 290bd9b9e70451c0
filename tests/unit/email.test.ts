import type net from 'node:net'

import type { Payload } from 'payload'
import { SMTPServer } from 'smtp-server'
import { afterAll, describe, expect, it, vi } from 'vitest'

import { emailAdapter, parseFrom } from '@/lib/email'

describe('parseFrom', () => {
  it('splits "Name <address>" and defaults a bare address to the site name', () => {
    expect(parseFrom('Causeway Reviews <reviews@example.org>')).toEqual({
      name: 'Causeway Reviews',
      address: 'reviews@example.org',
    })
    expect(parseFrom('reviews@example.org')).toEqual({ name: 'Causeway', address: 'reviews@example.org' })
    expect(parseFrom(undefined).address).toBe('no-reply@causeway.local')
  })
})

describe('emailAdapter without SMTP_URL', () => {
  const logger = { info: vi.fn(), warn: vi.fn() }
  const payload = { logger } as unknown as Payload

  it('writes each e-mail to the log instead of sending it', async () => {
    const adapter = (await emailAdapter({ NODE_ENV: 'development' } as NodeJS.ProcessEnv))({ payload })
    expect(adapter.name).toBe('log')
    await adapter.sendEmail({ to: 'dr@example.org', subject: 'Re-review due: Why?', text: 'Please look again.' })
    expect(logger.info).toHaveBeenCalledWith({
      msg: 'E-mail to dr@example.org: Re-review due: Why?',
      text: 'Please look again.',
    })
    expect(logger.warn).not.toHaveBeenCalled()
  })

  it('warns in production that nothing is sent', async () => {
    ;(await emailAdapter({ NODE_ENV: 'production' } as NodeJS.ProcessEnv))({ payload })
    expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/SMTP_URL is not set/))
  })
})

/** A real SMTP server (smtp-server) on loopback that keeps what it receives (no TLS, no auth). */
function smtpSink() {
  const received: { from: string; to: string[]; data: string }[] = []
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let data = ''
      stream.setEncoding('utf8')
      stream.on('data', (chunk: string) => (data += chunk))
      stream.on('end', () => {
        const envelope = session.envelope
        received.push({
          from: envelope.mailFrom ? envelope.mailFrom.address : '',
          to: envelope.rcptTo.map((recipient) => recipient.address),
          data,
        })
        callback()
      })
    },
  })
  return { server, received }
}

describe('emailAdapter with SMTP_URL', () => {
  const sink = smtpSink()
  afterAll(() => new Promise<void>((resolve) => sink.server.close(() => resolve())))

  it("sends through Payload's nodemailer adapter over SMTP, from EMAIL_FROM", async () => {
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve))
    const { port } = sink.server.server.address() as net.AddressInfo
    const logger = { info: vi.fn(), warn: vi.fn() }
    const env = {
      NODE_ENV: 'production',
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      EMAIL_FROM: 'Causeway Reviews <reviews@example.org>',
    }
    const adapter = (await emailAdapter(env as unknown as NodeJS.ProcessEnv))({
      payload: { logger } as unknown as Payload,
    })
    expect(adapter.name).toBe('nodemailer')
    expect([adapter.defaultFromName, adapter.defaultFromAddress]).toEqual(['Causeway Reviews', 'reviews@example.org'])

    await adapter.sendEmail({ to: 'dr@example.org', subject: 'Re-review due: Why?', text: 'Please look again.' })
    expect(sink.received).toHaveLength(1)
    expect(sink.received[0]!.from).toBe('reviews@example.org')
    expect(sink.received[0]!.to).toEqual(['dr@example.org'])
    expect(sink.received[0]!.data).toMatch(/^From: Causeway Reviews <reviews@example\.org>$/m)
    expect(sink.received[0]!.data).toMatch(/^Subject: Re-review due: Why\?$/m)
    expect(logger.warn).not.toHaveBeenCalled()
  })
})
