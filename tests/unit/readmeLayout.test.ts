/**
 * The README's layout tree is the map a newcomer starts from: every top-level file and folder of
 * the repository is on it, and everything on it exists.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..', '..')

function layoutEntries(): string[] {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
  const section = readme.split(/^## Layout$/m)[1]?.split(/^## /m)[0] ?? ''
  const block = /```[a-z]*\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
  return block
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean)
}

describe('README layout', () => {
  it('stays a front page (8 kB at most): the rest lives in docs/', () => {
    expect(readFileSync(path.join(root, 'README.md')).byteLength).toBeLessThanOrEqual(8 * 1024)
  })

  it('lists every top-level file and folder the repository holds (dotfiles aside), and nothing that is not there', () => {
    const entries = layoutEntries()
    expect(entries.length).toBeGreaterThan(10)
    const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((file) => (file.includes('/') ? `${file.split('/')[0]}/` : file))
      .filter((name) => !name.startsWith('.'))
    const listed = new Set(entries.map((entry) => (entry.includes('/') ? `${entry.split('/')[0]}/` : entry)))
    expect([...new Set(tracked)].filter((name) => !listed.has(name)).sort()).toEqual([])
    expect(entries.filter((entry) => !existsSync(path.join(root, entry)))).toEqual([])
  })
})
