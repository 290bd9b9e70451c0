/**
 * `npm run bench`'s command line (bench/options.ts): the defaults of each mode, both spellings of a
 * flag with a value, --heap-sweep's optional list, and the mistakes it refuses with a message
 * saying what to do.
 */
import { describe, expect, it } from 'vitest'

import {
  DEFAULT_HEAP_SWEEP,
  HEAP_SWEEP_CONNECTIONS,
  MIN_HEAP_MB,
  parseOptions,
  USAGE,
  UsageError,
} from '@/bench/options'
import { ConfigurationError, serverNodeOptions } from '@/lib/runtimeConfig'

describe('bench options', () => {
  it('defaults to the full run: 10 000 articles, 1/10/50 connections, no heap sweep', () => {
    expect(parseOptions([])).toEqual({
      smoke: false,
      skipBuild: false,
      articles: 10_000,
      duration: 10,
      connections: [1, 10, 50],
      serverNodeOptions: null,
      soak: 60,
      lighthouse: false,
      heapSweep: null,
      help: false,
    })
  })

  it('gives --smoke its own small defaults, which flags still override', () => {
    expect(parseOptions(['--smoke'])).toMatchObject({ articles: 40, duration: 1, connections: [1, 10], soak: 5 })
    expect(parseOptions(['--smoke', '--duration', '3', '--connections=50,1'])).toMatchObject({
      duration: 3,
      connections: [1, 50],
    })
  })

  it('reads `--flag value` and `--flag=value` alike, and sorts connection counts once each', () => {
    expect(parseOptions(['--connections', '50, 10,10,1'])).toMatchObject({ connections: [1, 10, 50] })
    expect(parseOptions(['--server-node-options=--max-old-space-size=512'])).toMatchObject({
      serverNodeOptions: '--max-old-space-size=512',
    })
  })

  it.each([
    [['--duration', '0'], /--duration needs a whole number of at least 1, not "0"/],
    [['--articles', '1.5'], /--articles needs a whole number/],
    [['--connections', '1,,10'], /--connections needs a whole number/],
    [['--soak'], /--soak needs a whole number of at least 1, not ""/],
    [['--fast'], /Unknown option "--fast"/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(UsageError)
    expect(() => parseOptions(argv)).toThrow(message)
  })

  it('says what it does in --help, the edge and the heap sweep included', () => {
    expect(parseOptions(['-h']).help).toBe(true)
    expect(USAGE).toMatch(/--heap-sweep \[LIST\]/)
    expect(USAGE).toContain(DEFAULT_HEAP_SWEEP.join(','))
    expect(USAGE).toMatch(/article-edge/)
    expect(USAGE).toMatch(/Without Varnish .* skipped/s)
  })
})

describe('bench --heap-sweep', () => {
  it('sweeps 256, 384, 512 and 1024 MB when given no list, also before another flag', () => {
    expect(DEFAULT_HEAP_SWEEP).toEqual([256, 384, 512, 1024])
    expect(parseOptions(['--heap-sweep']).heapSweep).toEqual(DEFAULT_HEAP_SWEEP)
    expect(parseOptions(['--heap-sweep', '--smoke'])).toMatchObject({ heapSweep: DEFAULT_HEAP_SWEEP, smoke: true })
  })

  it('takes a list after a space or an equals sign, sorted and each size once', () => {
    expect(parseOptions(['--heap-sweep', '512,256,512']).heapSweep).toEqual([256, 512])
    expect(parseOptions(['--smoke', '--heap-sweep=1024, 384']).heapSweep).toEqual([384, 1024])
  })

  it('leaves the usual run alone when not given', () => {
    expect(parseOptions(['--smoke', '--skip-build']).heapSweep).toBeNull()
  })

  it.each([
    [['--heap-sweep', '64,256'], /at least 128 MB .* not 64/],
    [['--heap-sweep='], /--heap-sweep needs a whole number/],
    [['--heap-sweep', '256,big'], /--heap-sweep needs a whole number of at least 1, not "big"/],
  ])('refuses the sizes in %j', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(UsageError)
    expect(() => parseOptions(argv)).toThrow(message)
  })

  it('refuses exactly the sizes npm start refuses (SERVER_HEAP_MB)', () => {
    const env = { NODE_ENV: 'production' } as NodeJS.ProcessEnv
    expect(() => serverNodeOptions({ ...env, SERVER_HEAP_MB: String(MIN_HEAP_MB - 1) })).toThrow(ConfigurationError)
    expect(() => parseOptions(['--heap-sweep', String(MIN_HEAP_MB - 1)])).toThrow(UsageError)
    expect(serverNodeOptions({ ...env, SERVER_HEAP_MB: String(MIN_HEAP_MB) })).toBe(
      `--max-old-space-size=${MIN_HEAP_MB}`,
    )
    expect(parseOptions(['--heap-sweep', String(MIN_HEAP_MB)]).heapSweep).toEqual([MIN_HEAP_MB])
  })

  it.each([
    [['--heap-sweep', '--connections', '50'], /--connections does not apply/],
    [['--soak', '5', '--heap-sweep'], /--soak does not apply/],
    [['--heap-sweep', '256', '--lighthouse', '--connections=1'], /--connections, --lighthouse do not apply/],
  ])('refuses %j: the sweep measures one page at one connection count', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(UsageError)
    expect(() => parseOptions(argv)).toThrow(message)
    expect(() => parseOptions(argv)).toThrow(`at ${HEAP_SWEEP_CONNECTIONS} connections`)
  })

  it('refuses a --server-node-options that sets the heap itself, and keeps any other', () => {
    expect(() => parseOptions(['--heap-sweep', '--server-node-options', '--max-old-space-size=4096'])).toThrow(
      /sets --max-old-space-size, which would win/,
    )
    expect(parseOptions(['--heap-sweep', '--server-node-options=--trace-gc'])).toMatchObject({
      heapSweep: DEFAULT_HEAP_SWEEP,
      serverNodeOptions: '--trace-gc',
    })
  })
})
