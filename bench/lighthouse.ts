/**
 * Optional (`npm run bench -- --lighthouse`): Lighthouse 12.2.3 — the last line that runs on
 * Node 20 — on a reader page, with the machine's Chromium. Run through `npx` at that exact
 * version rather than installed, so the project's install stays small; it needs the npm registry
 * the first time.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'

import { CHROMIUM_FLAGS, chromiumPath } from '@/tooling/chromium'
import { projectRoot } from '@/tooling/paths'

export const LIGHTHOUSE_VERSION = '12.2.3'
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const

export interface LighthouseReport {
  version: string
  url: string
  /** 0–100 per category. */
  scores: Record<(typeof CATEGORIES)[number], number | null>
  /** Audits that cost points, by category: what to fix for 100. */
  shortfalls: Record<string, string[]>
}

type LhrAudit = { title: string; score: number | null; scoreDisplayMode: string; displayValue?: string }
type Lhr = {
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>
  audits: Record<string, LhrAudit>
}

/** Runs Lighthouse on `url`; its full report is kept in `output` (for the details behind a score). */
export async function lighthouse(url: string, output: string): Promise<LighthouseReport> {
  const chrome = chromiumPath()
  if (!existsSync(chrome)) throw new Error(`No Chromium at ${chrome}; set CHROMIUM_PATH.`)
  await fs.mkdir(path.dirname(output), { recursive: true })
  const flags = ['--headless=new', ...CHROMIUM_FLAGS]
  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      'npx',
      [
        '--yes',
        `lighthouse@${LIGHTHOUSE_VERSION}`,
        url,
        '--quiet',
        '--output=json',
        `--output-path=${output}`,
        `--only-categories=${CATEGORIES.join(',')}`,
        `--chrome-flags=${flags.join(' ')}`,
      ],
      { cwd: projectRoot, env: { ...process.env, CHROME_PATH: chrome }, stdio: ['ignore', 'inherit', 'inherit'] },
    )
    child.on('exit', (exitCode) => resolve(exitCode ?? 1))
  })
  if (code !== 0) throw new Error(`lighthouse@${LIGHTHOUSE_VERSION} exited with code ${code}.`)
  const lhr = JSON.parse(await fs.readFile(output, 'utf8')) as Lhr
  const scores = Object.fromEntries(
    CATEGORIES.map((id) => [
      id,
      lhr.categories[id]?.score === null || lhr.categories[id] === undefined
        ? null
        : Math.round(lhr.categories[id]!.score! * 100),
    ]),
  ) as LighthouseReport['scores']
  const shortfalls = Object.fromEntries(
    CATEGORIES.map((id) => [
      id,
      (lhr.categories[id]?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0)
        .map((ref) => lhr.audits[ref.id])
        .filter(
          (audit): audit is LhrAudit =>
            Boolean(audit) && audit!.score !== null && audit!.score < 1 && audit!.scoreDisplayMode !== 'informative',
        )
        .map(
          (audit) =>
            `${audit.title}${audit.displayValue ? ` ${audit.displayValue}` : ''} (score ${Math.round((audit.score ?? 0) * 100)})`,
        ),
    ]),
  )
  return { version: LIGHTHOUSE_VERSION, url, scores, shortfalls }
}
