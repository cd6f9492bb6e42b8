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

/**
 * Resident memory of the chromium processes started by this Node process (its descendants), in
 * MB: unlike `chromiumRssMB`, browsers that other programs on the machine run are not counted.
 */
export function ownChromiumRssMB(root = process.pid): number {
  const parent = new Map<number, number>()
  const rss = new Map<number, number>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      // the name in /proc/<pid>/stat is in parentheses and may hold spaces: the fields follow the last ')'
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      parent.set(Number(name), Number(fields[1]))
      if (readFileSync(`/proc/${name}/comm`, 'utf8').startsWith('chromium')) {
        rss.set(Number(name), Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1] ?? 0))
      }
    } catch {
      /* process went away */
    }
  }
  let kb = 0
  for (const [pid, k] of rss) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        kb += k
        break
      }
    }
  }
  return kb / 1024
}
