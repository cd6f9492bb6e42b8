import { readdirSync, readFileSync } from 'node:fs'

/** Resident memory of every chromium process (browser, renderer, GPU, utility), in MB (Linux /proc). */
export function chromiumRssMB(): number {
  let kb = 0
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      if (!readFileSync(`/proc/${name}/comm`, 'utf8').startsWith('chromium')) continue
      kb += Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1] ?? 0)
    } catch {
      /* process went away */
    }
  }
  return kb / 1024
}

/** Samples `chromiumRssMB` every `everyMs` until stopped; returns the peak. */
export function samplePeak(everyMs = 100): { stop: () => number } {
  let peak = chromiumRssMB()
  const timer = setInterval(() => (peak = Math.max(peak, chromiumRssMB())), everyMs)
  return {
    stop: () => {
      clearInterval(timer)
      return Math.max(peak, chromiumRssMB())
    },
  }
}
