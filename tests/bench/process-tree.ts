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
  let kb = 0
  for (const [, k] of ownChromiumRssKb(root)) kb += k
  return kb / 1024
}

/** Each chromium process descending from `root` and its resident memory, kB. */
function ownChromiumRssKb(root: number): Map<number, number> {
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
  const own = new Map<number, number>()
  for (const [pid, k] of rss) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        own.set(pid, k)
        break
      }
    }
  }
  return own
}

/**
 * Resident memory of the chromium processes started by this Node process, in MB, by kind
 * (chromium's `--type=`: renderer, gpu-process, utility; `browser` for the one without).
 */
export function ownChromiumRssByTypeMB(root = process.pid): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [pid, kb] of ownChromiumRssKb(root)) {
    try {
      const type = /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '))?.[1] ?? 'browser'
      out[type] = (out[type] ?? 0) + kb / 1024
    } catch {
      /* process went away */
    }
  }
  return out
}
