/**
 * One line of progress for long scripts: count, percentage, rate and ETA. Redrawn in place on a
 * terminal; in a log (CI, a pipe) printed as a new line every 10 % so the log stays readable.
 */
const BAR = 24

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–'
  if (seconds < 60) return `${Math.ceil(seconds)}s`
  const minutes = Math.floor(seconds / 60)
  return minutes < 60
    ? `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`
    : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`
}

export class ProgressLine {
  private readonly started = Date.now()
  private readonly tty = Boolean(process.stdout.isTTY)
  private lastDecile = -1
  private done: number

  /** `from` is work done before this run (a resumed run): shown, but not counted in the rate. */
  constructor(
    private readonly unit: string,
    private readonly total: number,
    private readonly from = 0,
  ) {
    this.done = from
  }

  update(done: number): void {
    this.done = done
    const fraction = this.total ? done / this.total : 1
    if (this.tty) {
      process.stdout.write(`\r${this.render(fraction)}\u001b[K`)
      return
    }
    const decile = Math.floor(fraction * 10)
    if (decile > this.lastDecile) {
      this.lastDecile = decile
      console.log(this.render(fraction))
    }
  }

  finish(): void {
    if (this.tty) process.stdout.write(`\r${this.render(this.total ? this.done / this.total : 1)}\u001b[K\n`)
  }

  private render(fraction: number): string {
    const seconds = (Date.now() - this.started) / 1000
    const rate = seconds > 0 ? (this.done - this.from) / seconds : 0
    const eta = rate > 0 ? (this.total - this.done) / rate : Number.POSITIVE_INFINITY
    const filled = Math.round(fraction * BAR)
    const resumed = this.from ? ` (resumed at ${this.from})` : ''
    return `  ${this.unit.padEnd(17)} [${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${String(this.done).padStart(6)}/${this.total} ${String(Math.floor(fraction * 100)).padStart(3)}% · ${rate.toFixed(0)}/s · ETA ${this.done >= this.total ? '0s' : duration(eta)}${resumed}`
  }
}
