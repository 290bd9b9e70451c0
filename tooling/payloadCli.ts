/**
 * Runs Payload's own CLI (`payload <command>`) in this process, after the Lexical preload that
 * keeps Node 20 from intermittently never finishing the config import (see
 * tooling/preloadLexical.ts). Payload's `bin` is not in the package's public exports, so it is
 * imported by path.
 */
import path from 'node:path'
import { pathToFileURL } from 'node:url'

import { preloadLexical } from '@/tooling/preloadLexical'

import { projectRoot } from './paths'

await preloadLexical()
const entry = path.join(projectRoot, 'node_modules', 'payload', 'dist', 'bin', 'index.js')
const { bin } = (await import(pathToFileURL(entry).href)) as { bin: () => Promise<void> }
await bin()
