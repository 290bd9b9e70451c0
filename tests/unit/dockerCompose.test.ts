/**
 * No Docker engine runs on the build machines, so docker-compose.yml is checked by reading it:
 * the services, ports, healthcheck, start order and environment it must have.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const root = path.resolve(import.meta.dirname, '..', '..')
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'))
const { postgres, app } = compose.services

describe('docker-compose.yml', () => {
  it('has exactly the postgres and app services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'postgres'])
  })

  it('pins the PostgreSQL major version', () => {
    expect(postgres.image).toMatch(/^postgres:\d+(\.\d+)?(-[a-z0-9]+)?$/)
    expect(postgres.image).not.toMatch(/:latest/)
  })

  it('keeps PostgreSQL data in a named volume', () => {
    const [source] = String(postgres.volumes[0]).split(':')
    expect(Object.keys(compose.volumes)).toContain(source)
  })

  it("keeps the app's uploads in a named volume mounted at MEDIA_DIR, which the image creates for the app's user", () => {
    const mounts = (app.volumes as string[]).map((volume) => volume.split(':'))
    expect(mounts).toContainEqual(['media', app.environment.MEDIA_DIR])
    expect(Object.keys(compose.volumes)).toContain('media')
    expect(readFileSync(path.join(root, 'Dockerfile'), 'utf8')).toContain(`mkdir -p ${app.environment.MEDIA_DIR}`)
  })

  it('checks PostgreSQL health with pg_isready for the app database', () => {
    const test = postgres.healthcheck.test.join(' ')
    expect(test).toMatch(/pg_isready/)
    expect(test).toContain(`-d ${postgres.environment.POSTGRES_DB}`)
    expect(postgres.healthcheck.interval).toBeTruthy()
  })

  it("checks the app's readiness at /api/ready (database answering, migrations applied)", () => {
    expect(app.healthcheck.test.join(' ')).toContain('http://127.0.0.1:3000/api/ready')
    expect(app.healthcheck.interval).toBeTruthy()
  })

  it('starts the app only once PostgreSQL is healthy', () => {
    expect(app.depends_on).toEqual({ postgres: { condition: 'service_healthy' } })
  })

  it('points the app at the compose database with matching credentials', () => {
    const url = new URL(app.environment.DATABASE_URL)
    const { POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB } = postgres.environment
    expect(url.protocol).toBe('postgres:')
    expect(url.hostname).toBe('postgres')
    expect(url.port).toBe('5432')
    expect([url.username, url.password, url.pathname.slice(1)]).toEqual([POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB])
  })

  it('requires a PAYLOAD_SECRET from the environment instead of shipping one', () => {
    expect(app.environment.PAYLOAD_SECRET).toMatch(/^\$\{PAYLOAD_SECRET:\?.+\}$/)
  })

  it('publishes the app on 3000 and PostgreSQL on loopback only', () => {
    expect(app.ports).toContain('3000:3000')
    expect(postgres.ports.every((port: string) => port.startsWith('127.0.0.1:'))).toBe(true)
  })

  it('builds the app from a Dockerfile on the Node.js major that package.json targets', () => {
    expect(app.build).toBe('.')
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8')
    const { engines } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))
    const major = String(engines.node).match(/\d+/)?.[0]
    const images = [...dockerfile.matchAll(/^FROM node:(\d+)/gm)].map((match) => match[1])
    expect(images.length).toBeGreaterThan(0)
    expect(new Set(images)).toEqual(new Set([major]))
    expect(dockerfile).toMatch(/CMD \["npm", "start"\]/)
  })
})
