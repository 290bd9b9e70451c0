/**
 * JavaScript a reader's browser downloads for an article page, gzip level 9, from the build.
 *
 * Next.js 16 (Turbopack) writes no app-build-manifest.json. Its runtime is `rootMainFiles` and
 * `polyfillFiles` in .next/build-manifest.json (the polyfills load only in browsers without ES
 * modules; counted anyway). The page's own JavaScript is whatever else the served HTML loads
 * with <script src>. Each file is labelled with the client modules the page's client reference
 * manifest puts in it, so a report says what the bytes are.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

export interface JsFile {
  file: string
  bytes: number
  gzipBytes: number
  modules?: string[]
}

export interface ReaderJsReport {
  method: string
  runtime: { files: JsFile[]; gzipBytes: number }
  page: { files: JsFile[]; gzipBytes: number }
  totalGzipBytes: number
}

const gzipSize = (buffer: Buffer) => zlib.gzipSync(buffer, { level: 9 }).length

/** `/_next/static/chunks/a.js?dpl=…` → `static/chunks/a.js` */
function buildPath(src: string): string | null {
  const match = src.match(/\/_next\/(static\/[^?#"']+\.js)/)
  return match ? match[1]! : null
}

/** chunk → client modules in it, from the page's client reference manifest (when present). */
function chunkModules(nextDir: string, route: string): Map<string, string[]> {
  const map = new Map<string, string[]>()
  let source: string
  try {
    source = readFileSync(
      path.join(nextDir, 'server', 'app', ...route.split('/'), 'page_client-reference-manifest.js'),
      'utf8',
    )
  } catch {
    return map
  }
  const json = source.slice(source.indexOf('= {') + 2).replace(/;\s*$/, '')
  try {
    const manifest = JSON.parse(json) as { clientModules?: Record<string, { chunks?: string[] }> }
    for (const [module, { chunks = [] }] of Object.entries(manifest.clientModules ?? {})) {
      const name = module.replace(/^\[project\]\//, '')
      for (const chunk of chunks) {
        const file = buildPath(chunk)
        if (file) map.set(file, [...new Set([...(map.get(file) ?? []), name])])
      }
    }
  } catch {
    // A format this code does not know: the sizes stand without labels.
  }
  return map
}

export function readerJs(nextDir: string, articleHtml: string, route = '(site)/articles/[slug]'): ReaderJsReport {
  const manifest = JSON.parse(readFileSync(path.join(nextDir, 'build-manifest.json'), 'utf8')) as {
    rootMainFiles?: string[]
    polyfillFiles?: string[]
  }
  const runtimeFiles = [...new Set([...(manifest.polyfillFiles ?? []), ...(manifest.rootMainFiles ?? [])])]
  if (!runtimeFiles.length)
    throw new Error(
      '.next/build-manifest.json lists no rootMainFiles: cannot tell Next.js runtime from page JavaScript.',
    )
  const scripts = [...articleHtml.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)]
    .map((match) => buildPath(match[1]!))
    .filter((file): file is string => !!file)
  const pageFiles = [...new Set(scripts)].filter((file) => !runtimeFiles.includes(file))
  const labels = chunkModules(nextDir, route)

  const measure = (file: string): JsFile => {
    const buffer = readFileSync(path.join(nextDir, file))
    const modules = labels.get(file)
    return { file, bytes: buffer.length, gzipBytes: gzipSize(buffer), ...(modules ? { modules } : {}) }
  }
  const runtime = runtimeFiles.map(measure)
  const page = pageFiles.map(measure)
  const sum = (files: JsFile[]) => files.reduce((total, { gzipBytes }) => total + gzipBytes, 0)
  return {
    method:
      'gzip level 9 (zlib.gzipSync) of each file. Runtime: rootMainFiles + polyfillFiles of .next/build-manifest.json. ' +
      'Page: the other <script src> files of the served (cached) article HTML. Inline scripts (the RSC payload) are not counted.',
    runtime: { files: runtime, gzipBytes: sum(runtime) },
    page: { files: page, gzipBytes: sum(page) },
    totalGzipBytes: sum(runtime) + sum(page),
  }
}
