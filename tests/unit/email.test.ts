import net from 'node:net'

import type { Payload } from 'payload'
import { afterAll, describe, expect, it, vi } from 'vitest'

import { emailAdapter, parseFrom } from '@/lib/email'

describe('parseFrom', () => {
  it('splits "Name <address>" and defaults a bare address to the site name', () => {
    expect(parseFrom('Causeway Reviews <reviews@example.org>')).toEqual({ name: 'Causeway Reviews', address: 'reviews@example.org' })
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
    expect(logger.info).toHaveBeenCalledWith({ msg: 'E-mail to dr@example.org: Re-review due: Why?', text: 'Please look again.' })
    expect(logger.warn).not.toHaveBeenCalled()
  })

  it('warns in production that nothing is sent', async () => {
    ;(await emailAdapter({ NODE_ENV: 'production' } as NodeJS.ProcessEnv))({ payload })
    expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/SMTP_URL is not set/))
  })
})

/** Just enough of an SMTP server on loopback to take one message (no TLS, no auth). */
function smtpSink() {
  const received: { from: string; to: string[]; data: string }[] = []
  const server = net.createServer((socket) => {
    let buffer = ''
    let inData = false
    let message = { from: '', to: [] as string[], data: '' }
    const reply = (line: string) => socket.write(`${line}\r\n`)
    reply('220 localhost ESMTP sink')
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8')
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n')
          if (end === -1) return
          message.data = buffer.slice(0, end)
          buffer = buffer.slice(end + 5)
          inData = false
          received.push(message)
          message = { from: '', to: [], data: '' }
          reply('250 queued')
          continue
        }
        const newline = buffer.indexOf('\r\n')
        if (newline === -1) return
        const line = buffer.slice(0, newline)
        buffer = buffer.slice(newline + 2)
        const verb = line.slice(0, 4).toUpperCase()
        if (verb === 'EHLO' || verb === 'HELO') reply('250 localhost')
        else if (verb === 'MAIL') (message.from = line), reply('250 ok')
        else if (verb === 'RCPT') message.to.push(line), reply('250 ok')
        else if (verb === 'DATA') (inData = true), reply('354 go on')
        else if (verb === 'QUIT') reply('221 bye'), socket.end()
        else reply('250 ok')
      }
    })
  })
  return { server, received }
}

describe('emailAdapter with SMTP_URL', () => {
  const sink = smtpSink()
  afterAll(() => new Promise<void>((resolve) => sink.server.close(() => resolve())))

  it("sends through Payload's nodemailer adapter over SMTP, from EMAIL_FROM", async () => {
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve))
    const { port } = sink.server.address() as net.AddressInfo
    const logger = { info: vi.fn(), warn: vi.fn() }
    const env = { NODE_ENV: 'production', SMTP_URL: `smtp://127.0.0.1:${port}`, EMAIL_FROM: 'Causeway Reviews <reviews@example.org>' }
    const adapter = (await emailAdapter(env as unknown as NodeJS.ProcessEnv))({ payload: { logger } as unknown as Payload })
    expect(adapter.name).toBe('nodemailer')
    expect([adapter.defaultFromName, adapter.defaultFromAddress]).toEqual(['Causeway Reviews', 'reviews@example.org'])

    await adapter.sendEmail({ to: 'dr@example.org', subject: 'Re-review due: Why?', text: 'Please look again.' })
    expect(sink.received).toHaveLength(1)
    expect(sink.received[0]!.from).toBe('MAIL FROM:<reviews@example.org>')
    expect(sink.received[0]!.to).toEqual(['RCPT TO:<dr@example.org>'])
    expect(sink.received[0]!.data).toMatch(/^From: Causeway Reviews <reviews@example\.org>$/m)
    expect(sink.received[0]!.data).toMatch(/^Subject: Re-review due: Why\?$/m)
    expect(logger.warn).not.toHaveBeenCalled()
  })
})
