/**
 * `--timings`: where a command's time goes, as phases on stderr (start-up, read, index, join,
 * write), so a slow batch job shows whether to blame the disk, the parser or the analysis.
 * A phase is the time since the previous mark; start-up is the time from the process's start
 * (performance's time origin) to the command line being parsed.
 */
const marks: { name: string; at: number }[] = []
const notes: string[] = []
let enabled = false

export const TIMINGS_FLAG = '--timings'

export function startTimings(): void {
  enabled = true
  marks.length = 0
  notes.length = 0
  marks.push({ name: 'start-up', at: performance.now() })
}

/** Ends the phase `name` now (no cost when --timings is off). */
export function phase(name: string): void {
  if (enabled) marks.push({ name, at: performance.now() })
}

/** A remark for the timings line (e.g. how a file was read). */
export function timingsNote(text: string): void {
  if (enabled) notes.push(text)
}

/** `timings: start-up 41 ms, read areas 95 ms, …, total 1,234 ms`, or null when off. */
export function timingsLine(): string | null {
  if (!enabled) return null
  const parts = marks.map((m, i) => `${m.name} ${Math.round(m.at - (i === 0 ? 0 : marks[i - 1].at))} ms`)
  const total = Math.round(performance.now())
  enabled = false
  // no toLocaleString: loading ICU's locale data cost 60 ms at the end of every run
  const totalText = String(total).replace(/\B(?=(\d{3})+$)/g, ',')
  return `timings: ${parts.join(', ')}, total ${totalText} ms${notes.length ? ` (${notes.join('; ')})` : ''}`
}
