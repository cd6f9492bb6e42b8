import { readdirSync, readFileSync } from 'node:fs'

/** Resident memory of a process and all its descendants (Linux /proc), in MB. */
export function treeRssMB(rootPid: number): number {
  const parent = new Map<number, number>()
  const rss = new Map<number, number>()
  for (const name of readdirSync('/proc')) {
    const pid = Number(name)
    if (!Number.isInteger(pid)) continue
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0)
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0)
      parent.set(pid, ppid)
      rss.set(pid, kb)
    } catch {
      /* process went away */
    }
  }
  let total = 0
  for (const [pid, kb] of rss) {
    for (let p: number | undefined = pid; p; p = parent.get(p)) {
      if (p === rootPid) {
        total += kb
        break
      }
    }
  }
  return total / 1024
}

/** Samples `treeRssMB` every `everyMs` until stopped; returns the peak. */
export function samplePeak(rootPid: number, everyMs = 100): { stop: () => number } {
  let peak = treeRssMB(rootPid)
  const timer = setInterval(() => (peak = Math.max(peak, treeRssMB(rootPid))), everyMs)
  return {
    stop: () => {
      clearInterval(timer)
      return Math.max(peak, treeRssMB(rootPid))
    },
  }
}
