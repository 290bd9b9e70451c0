/**
 * No Docker engine runs on the build machines, so docker-compose.yml is checked by reading it:
 * the services, ports, healthcheck, start order and environment it must have.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

import { EDGE_VCL, EDGE_VCL_DIR, edgeMissing, varnishd } from '@/tooling/edge'

const root = path.resolve(import.meta.dirname, '..', '..')
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'))
const { postgres, app, minio, 'minio-bucket': minioBucket, redis, entry, edge } = compose.services
const instances = [compose.services['app-a'], compose.services['app-b']]

describe('docker-compose.yml', () => {
  it('has the postgres and app services, MinIO with its bucket under the s3 and multi profiles, and the multi profile', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'app',
      'app-a',
      'app-b',
      'edge',
      'entry',
      'minio',
      'minio-bucket',
      'postgres',
      'redis',
    ])
    expect([postgres.profiles, app.profiles]).toEqual([undefined, undefined])
    expect([minio.profiles, minioBucket.profiles]).toEqual([
      ['s3', 'multi'],
      ['s3', 'multi'],
    ])
    for (const service of [...instances, redis, entry, edge]) expect(service.profiles).toEqual(['multi'])
  })

  it('runs two app instances behind one entry point, sharing the database, Redis and the object store', () => {
    for (const instance of instances) {
      expect(instance.environment).toMatchObject({
        DATABASE_URL: app.environment.DATABASE_URL,
        REDIS_URL: 'redis://redis:6379',
        S3_ENDPOINT: 'http://minio:9000',
        S3_ACCESS_KEY_ID: minio.environment.MINIO_ROOT_USER,
        S3_SECRET_ACCESS_KEY: minio.environment.MINIO_ROOT_PASSWORD,
      })
      expect(instance.environment.PAYLOAD_SECRET).toBe(app.environment.PAYLOAD_SECRET)
      expect(instance.depends_on).toMatchObject({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
        'minio-bucket': { condition: 'service_completed_successfully' },
      })
      expect(instance.healthcheck.test.join(' ')).toContain('/api/ready')
      expect(instance.ports).toBeUndefined()
    }
    expect(entry.command.filter((_: string, index: number) => entry.command[index - 1] === '--to')).toEqual([
      'app-a:3000',
      'app-b:3000',
    ])
    expect(entry.depends_on).toEqual({
      'app-a': { condition: 'service_healthy' },
      'app-b': { condition: 'service_healthy' },
    })
    expect(redis.command).toEqual(expect.arrayContaining(['--maxmemory-policy', 'allkeys-lru']))
  })

  it('puts the edge cache in front of both instances, which purge it only when given its secret', () => {
    for (const instance of instances) {
      expect(instance.environment.EDGE_PURGE_URLS).toBe('${EDGE_PURGE_SECRET:+http://edge:80}')
      expect(instance.environment.EDGE_PURGE_SECRET).toBe('${EDGE_PURGE_SECRET:-}')
    }
    expect(edge.volumes).toEqual(['./edge/causeway.vcl:/etc/varnish/causeway.vcl:ro'])
    expect(edge.configs).toEqual([{ source: 'edge-settings', target: '/etc/varnish/settings.vcl' }])
    expect(edge.entrypoint.join(' ')).toMatch(
      /exec varnishd -F -a :80 -p vcl_path=\/etc\/varnish -f \/etc\/varnish\/causeway.vcl/,
    )
    // It refuses to start without a secret of the shape the origins accept.
    expect(edge.entrypoint.join(' ')).toContain("grep -Eq '^[A-Za-z0-9_-]{32,}$$'")
    expect(edge.depends_on).toEqual({
      'app-a': { condition: 'service_healthy' },
      'app-b': { condition: 'service_healthy' },
    })
    const settings: string = compose.configs['edge-settings'].content
    for (const host of ['app-a', 'app-b'])
      expect(settings).toContain(`.host = "${host}"; .port = "3000"; .probe = causeway_ready;`)
  })

  it.skipIf(edgeMissing() !== null)("the edge's generated settings compile with edge/causeway.vcl", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-compose-edge-'))
    try {
      const settings = String(compose.configs['edge-settings'].content).replace(
        '${EDGE_PURGE_SECRET:-}',
        'a-secret-of-the-right-shape-0123456789',
      )
      // Backends named by service: resolvable only inside Compose's network, so point them here.
      writeFileSync(path.join(dir, 'settings.vcl'), settings.replace(/"app-[ab]"/g, '"127.0.0.1"'))
      // varnishd -C prints the compiled C (on stderr) and exits 0, or the compiler's complaint and 2.
      const compiled = spawnSync(
        varnishd()!,
        ['-C', '-j', 'none', '-p', `vcl_path=${dir}:${EDGE_VCL_DIR}`, '-f', EDGE_VCL],
        { encoding: 'utf8' },
      )
      expect(compiled.status, compiled.stderr.slice(0, 2000)).toBe(0)
      expect(compiled.stderr).toContain('causeway_authorise_purge')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('keeps every stateful service’s data in a named volume', () => {
    for (const service of [postgres, minio]) {
      const [source] = String(service.volumes[0]).split(':')
      expect(Object.keys(compose.volumes)).toContain(source)
    }
  })

  it('pins the MinIO image, publishes it on loopback only and checks it is ready', () => {
    expect(minio.image).toMatch(/^minio\/minio:RELEASE\.\d{4}-/)
    expect(minioBucket.image).toBe(minio.image)
    expect(minio.ports.every((port: string) => port.startsWith('127.0.0.1:'))).toBe(true)
    expect(minio.healthcheck.test).toEqual(['CMD', 'mc', 'ready', 'local'])
    expect(minioBucket.depends_on).toEqual({ minio: { condition: 'service_healthy' } })
  })

  it('stores uploads in MinIO only when S3_BUCKET is set, with the credentials MinIO and the bucket job use', () => {
    expect(app.environment.S3_BUCKET).toBe('${S3_BUCKET:-}')
    expect(app.environment.S3_ENDPOINT).toBe('${S3_BUCKET:+http://minio:9000}')
    const { MINIO_ROOT_USER, MINIO_ROOT_PASSWORD } = minio.environment
    expect(app.environment.S3_ACCESS_KEY_ID).toBe(`\${S3_BUCKET:+${MINIO_ROOT_USER}}`)
    expect(app.environment.S3_SECRET_ACCESS_KEY).toBe(`\${S3_BUCKET:+${MINIO_ROOT_PASSWORD}}`)
    expect(minioBucket.entrypoint.join(' ')).toContain(`${MINIO_ROOT_USER} ${MINIO_ROOT_PASSWORD}`)
    expect(minioBucket.environment.BUCKET).toBe('${S3_BUCKET:-causeway-media}')
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

  it('starts the app only once PostgreSQL is healthy (and, with the s3 profile, once the bucket exists)', () => {
    expect(app.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      'minio-bucket': { condition: 'service_completed_successfully', required: false },
    })
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
