/**
 * The dependency promises of the foundation: exact pins, one Payload version at or above the
 * floor, a Next.js without known advisories, and install scripts approved for exactly the
 * packages that need them (so `npm ci` stays quiet and works under strict-allow-scripts).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..', '..')
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  allowScripts: Record<string, boolean>
}
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; hasInstallScript?: boolean; os?: string[]; cpu?: string[] }>
}
const all = { ...manifest.dependencies, ...manifest.devDependencies }

const parse = (version: string) => version.split(/[.-]/).slice(0, 3).map(Number) as [number, number, number]
const atLeast = (version: string, floor: string) => {
  const [a, b] = [parse(version), parse(floor)]
  for (let i = 0; i < 3; i++) if (a[i]! !== b[i]!) return a[i]! > b[i]!
  return true
}

describe('package.json', () => {
  it('pins every dependency to an exact version that package-lock.json installs', () => {
    for (const [name, version] of Object.entries(all)) {
      expect(version, name).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/)
      expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(version)
    }
  })

  it('keeps payload and every @payloadcms package on one version, 3.90 or newer', () => {
    const payloadVersions = Object.entries(all)
      .filter(([name]) => name === 'payload' || name.startsWith('@payloadcms/'))
      .map(([, version]) => version)
    expect(payloadVersions.length).toBeGreaterThanOrEqual(4)
    expect(new Set(payloadVersions).size).toBe(1)
    expect(atLeast(payloadVersions[0]!, '3.90.0')).toBe(true)
  })

  it('uses a Next.js at or above 16.2.6 (older ones carry published advisories)', () => {
    expect(atLeast(all.next!, '16.2.6')).toBe(true)
  })

  it('approves install scripts only for packages that have one', () => {
    const withScripts = new Set(
      Object.entries(lock.packages)
        .filter(([, entry]) => entry.hasInstallScript)
        .map(([key]) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length)),
    )
    for (const name of Object.keys(manifest.allowScripts)) expect(withScripts, name).toContain(name)
  })

  it('approves every install script that this platform installs', () => {
    const installedHere = Object.entries(lock.packages).filter(
      ([key, entry]) =>
        key &&
        entry.hasInstallScript &&
        (!entry.os || entry.os.includes(process.platform)) &&
        (!entry.cpu || entry.cpu.includes(process.arch)),
    )
    expect(installedHere.length).toBeGreaterThan(0)
    for (const [key] of installedHere) {
      const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length)
      expect(manifest.allowScripts[name], name).toBe(true)
    }
  })

  it('uses drizzle-orm 0.45.2 or newer (the version the Postgres adapter installs)', () => {
    expect(atLeast(lock.packages['node_modules/drizzle-orm']!.version!, '0.45.2')).toBe(true)
  })

  it("sends e-mail with one nodemailer, 10.0.13 or newer (the official adapter asks for 9.x, which carries advisories; package.json's overrides give it the project's)", () => {
    const nested = Object.keys(lock.packages).filter((key) => key.endsWith('/node_modules/nodemailer'))
    expect(nested).toEqual([])
    expect(atLeast(lock.packages['node_modules/nodemailer']!.version!, '10.0.13')).toBe(true)
  })

  it('carries none of the plugins with a history of access advisories (form builder, import/export, MCP)', () => {
    expect(Object.keys(all).filter((name) => /plugin-(form-builder|import-export|mcp)|payload-mcp/.test(name))).toEqual(
      [],
    )
  })
})
