/** Shared timing helpers for tests/bench/*.bench.ts (see run.ts). */
import v8 from 'node:v8'
import vm from 'node:vm'

export interface Row {
  name: string
  n: number
  medianMs: number
  /** name of the row this one is compared with (ratio = medianMs / baseline medianMs) */
  baseline?: string
  /** heap + ArrayBuffer memory still held by the result after a GC, MB */
  retainedMB?: number
  /** process peak RSS so far, MB */
  peakRssMB?: number
  note?: string
}

v8.setFlagsFromString('--expose-gc')
const gcFn = vm.runInNewContext('gc') as () => void
export function gc(): void {
  gcFn()
}

function held(): number {
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

/** Run `fn` `runs` times (after GC each time); median time, memory held by the last result. */
export function measure<T>(name: string, n: number, fn: () => T, opts: { runs?: number; baseline?: string; note?: (r: T) => string } = {}): Row {
  const runs = opts.runs ?? 3
  const times: number[] = []
  let retained = 0
  let note: string | undefined
  for (let k = 0; k < runs; k++) {
    gc()
    const before = held()
    const t0 = performance.now()
    let result: T | null = fn()
    times.push(performance.now() - t0)
    gc()
    retained = held() - before
    if (opts.note && k === runs - 1) note = opts.note(result)
    result = null
  }
  times.sort((a, b) => a - b)
  const row: Row = {
    name,
    n,
    medianMs: times[Math.floor(times.length / 2)],
    retainedMB: retained / 2 ** 20,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }
  if (opts.baseline) row.baseline = opts.baseline
  if (note) row.note = note
  return row
}
