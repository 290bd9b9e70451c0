/**
 * Peak memory of the production server, from /proc (Linux only).
 *
 * `npm start` is `tsx scripts/start.ts`: tsx's CLI, the start script it runs (migrations, then
 * it spawns `next start`), and under that Next.js itself (the process titled `next-server`) and
 * anything Next spawns. The wrappers hold Payload's migration state and nothing that serves
 * readers, so the server's figure is the summed VmRSS of the Next.js process and its
 * descendants, sampled every 250 ms; each process's VmHWM (its own high-water mark) is read at
 * the end as a cross-check. The wrappers are reported on their own.
 */
import { readFileSync } from 'node:fs'

import { childrenOf, commandOf } from '@/tooling/server'

export interface RssReport {
  measured: string
  sampleIntervalMs: number
  samples: number
  /** Peak of the summed VmRSS of the Next.js server process tree, sampled. */
  peakMB: number | null
  /** Sum of each Next.js process's VmHWM read at the end (an upper bound: peaks may not coincide). */
  hwmSumMB: number | null
  /** Peak summed VmRSS of the wrappers (tsx and scripts/start.ts, and the migration run at startup), not counted above. */
  wrapperPeakMB: number | null
  /** The wrappers' summed VmRSS at the last sample, while the server serves (what stays resident beside it). */
  wrapperServingMB: number | null
  processes: { pid: number; role: 'server' | 'wrapper'; command: string; hwmMB: number | null }[]
}

const INTERVAL_MS = 250
const toMB = (kB: number) => Math.round((kB / 1024) * 10) / 10

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

function statusKB(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  const match = read(`/proc/${pid}/status`)?.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))
  return match ? Number(match[1]) : null
}

const command = (pid: number) => (commandOf(pid) ?? '').split('\0').filter(Boolean).join(' ')

/** The tree under `root`, each process marked as the Next.js server (or below it) or a wrapper. */
function tree(root: number): { pid: number; role: 'server' | 'wrapper' }[] {
  const found: { pid: number; role: 'server' | 'wrapper' }[] = []
  const visit = (pid: number, underServer: boolean) => {
    // Next.js sets its process title to `next-server (vX)`; its CLI may show as `next start`.
    const isServer = underServer || /next-server|next(\.js)?\s+start|\/next\/dist\/bin\/next/.test(command(pid))
    found.push({ pid, role: isServer ? 'server' : 'wrapper' })
    for (const child of childrenOf(pid)) visit(child, isServer)
  }
  visit(root, false)
  return found
}

export class RssSampler {
  private timer: NodeJS.Timeout | undefined
  private peakKB = 0
  private wrapperPeakKB = 0
  private wrapperLastKB = 0
  private sampleCount = 0
  private readonly seen = new Map<number, { role: 'server' | 'wrapper'; command: string; hwmKB: number | null }>()

  constructor(private readonly root: number) {}

  start(): void {
    if (process.platform !== 'linux') return
    this.sample()
    this.timer = setInterval(() => this.sample(), INTERVAL_MS)
    this.timer.unref()
  }

  private sample(): void {
    let server = 0
    let wrappers = 0
    for (const { pid, role } of tree(this.root)) {
      const rss = statusKB(pid, 'VmRSS')
      if (rss === null) continue
      if (role === 'server') server += rss
      else wrappers += rss
      const known = this.seen.get(pid)
      this.seen.set(pid, {
        role,
        command: known?.command || command(pid),
        hwmKB: statusKB(pid, 'VmHWM') ?? known?.hwmKB ?? null,
      })
    }
    this.sampleCount++
    this.peakKB = Math.max(this.peakKB, server)
    this.wrapperPeakKB = Math.max(this.wrapperPeakKB, wrappers)
    this.wrapperLastKB = wrappers
  }

  /** Takes a last sample (call it while the server still runs) and stops sampling. */
  stop(): RssReport {
    if (this.timer) {
      this.sample()
      clearInterval(this.timer)
      this.timer = undefined
    }
    const processes = [...this.seen].map(([pid, { role, command, hwmKB }]) => ({
      pid,
      role,
      command: command.length > 120 ? `${command.slice(0, 117)}...` : command,
      hwmMB: hwmKB === null ? null : toMB(hwmKB),
    }))
    const server = [...this.seen.values()].filter(({ role }) => role === 'server')
    const linux = process.platform === 'linux'
    return {
      measured: linux
        ? 'Summed VmRSS of the Next.js server process (next-server) and its descendants, sampled every 250 ms from ' +
          'server start to the end of the run; the tsx and scripts/start.ts wrappers are excluded (wrapperPeakMB).'
        : 'Not measured: needs Linux /proc.',
      sampleIntervalMs: INTERVAL_MS,
      samples: this.sampleCount,
      peakMB: linux && server.length ? toMB(this.peakKB) : null,
      hwmSumMB: linux && server.length ? toMB(server.reduce((sum, { hwmKB }) => sum + (hwmKB ?? 0), 0)) : null,
      wrapperPeakMB: linux ? toMB(this.wrapperPeakKB) : null,
      wrapperServingMB: linux ? toMB(this.wrapperLastKB) : null,
      processes,
    }
  }
}
