/**
 * The edge's VCL (edge/causeway.vcl) under Varnish's own test tool: each tests/edge/*.vtc starts
 * a real varnishd with the VCL and scripted origins, and checks what is stored, purged, passed and
 * stripped — including a purge that lands while a page is being fetched. `.ci/run` installs
 * Varnish; without it these are skipped, and say why.
 */
import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import { describe, expect, it } from 'vitest'

import { EDGE_VCL_DIR, edgeMissing, settingsVcl } from '@/tooling/edge'
import { projectRoot } from '@/tooling/paths'

const VTC_DIR = path.join(projectRoot, 'tests', 'edge')
const SETTINGS_SH = path.join(VTC_DIR, 'settings.sh')
const missing = edgeMissing()
if (missing) console.warn(`Edge VCL tests skipped: ${missing}`)

const run = promisify(execFile)

describe.skipIf(missing !== null)('edge/causeway.vcl under varnishtest', () => {
  const secret = crypto.randomBytes(24).toString('base64url')

  for (const file of readdirSync(VTC_DIR).filter((name) => name.endsWith('.vtc'))) {
    const title = readFileSync(path.join(VTC_DIR, file), 'utf8').match(/^varnishtest "(.*)"$/m)?.[1] ?? file
    it(`${file}: ${title}`, async () => {
      // -q: quiet when it passes; on failure varnishtest prints that test's whole log.
      const result = await run(
        'varnishtest',
        ['-q', '-t', '60', `-Dedge_dir=${EDGE_VCL_DIR}`, `-Dsettings_sh=${SETTINGS_SH}`, `-Dsecret=${secret}`, file],
        { cwd: VTC_DIR, env: { ...process.env, TMPDIR: os.tmpdir() } },
      ).then(
        () => ({ code: 0, log: '' }),
        (error: { stdout?: string; stderr?: string; code?: number }) => ({
          code: error.code ?? 1,
          log: `${error.stdout ?? ''}${error.stderr ?? ''}`,
        }),
      )
      // The failed expectation and the lines before it, not the whole log.
      const failure = result.log.split('\n').findIndex((line) => line.startsWith('----'))
      expect(
        result.code,
        result.log
          .split('\n')
          .slice(Math.max(0, failure - 40), failure + 3)
          .join('\n'),
      ).toBe(0)
    }, 70_000)
  }

  it("the tests' settings.sh writes what settingsVcl writes, less the probe", async () => {
    const dir = path.join(os.tmpdir(), `causeway-settings-${process.pid}`)
    await run('mkdir', ['-p', dir])
    await run(SETTINGS_SH, [dir, '127.0.0.1', '4567', secret])
    const written = readFileSync(path.join(dir, 'settings.vcl'), 'utf8')
    const generated = settingsVcl({ origins: [new URL('http://127.0.0.1:4567')], secret, probe: false })
    const strip = (text: string) =>
      text
        .split('\n')
        .filter((line) => line.trim() && !line.startsWith('#'))
        .map((line) => line.trim())
        .join('\n')
    expect(strip(written)).toBe(strip(generated))
  })
})
