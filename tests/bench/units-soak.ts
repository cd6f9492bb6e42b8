/**
 * The live units soak (issue 26, point 5): 100 units at one fix per 5 s into the worker's
 * feed (io/unit-feed-lines.ts text lines → core/unit-feed.ts rings → tracks → the map's
 * snapshot, once per feed second as the desk does), the heap and ArrayBuffers sampled after a
 * GC every 5 feed minutes. The feed runs as fast as the CPU allows: its clock is the fixes' times.
 *   npm run test:soak             (SOAK_FEED_MIN, default 480 feed minutes: 8 hours)
 * The unit test tests/unit/core/unit-feed.test.ts runs it for 30 feed minutes.
 */
import v8 from 'node:v8'
import vm from 'node:vm'
import { UnitFeed } from '../../src/core/unit-feed'
import { unitsSnapshot } from '../../src/core/units-snapshot'
import { takeFixLines } from '../../src/io/unit-feed-lines'

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

export interface SoakSample { feedMin: number; heldMB: number; fixesHeld: number }
export interface SoakResult { samples: SoakSample[]; fixes: number; rejected: number; shown: number; ms: number }

const T0 = Date.UTC(2026, 0, 5, 0)
const held = () => {
  const m = process.memoryUsage()
  return (m.heapUsed + m.arrayBuffers) / 2 ** 20
}

/** `batchS`: feed seconds per batch into the worker's feed (the desk sends one a second) */
export function runUnitsSoak(feedMinutes: number, batchS = 1, units = 100, everyS = 5): SoakResult {
  const started = performance.now()
  const feed = new UnitFeed()
  // each unit walks a 2 km square at 10 m/s, bouncing at its edges
  const pos = Array.from({ length: units }, (_, u) => ({ x: (u % 10) * 200, y: Math.floor(u / 10) * 200, dx: 7, dy: 7 }))
  const samples: SoakSample[] = []
  let fixes = 0, rejected = 0, shown = 0
  let batch: string[] = []
  const pad = (n: number) => String(n).padStart(2, '0')
  for (let s = 0; s <= feedMinutes * 60; s++) {
    const t = T0 + s * 1000
    const lines: string[] = []
    // a twentieth of the units report each second: one fix per unit per 5 s
    for (let u = s % everyS; u < units; u += everyS) {
      const p = pos[u]
      p.x += p.dx * everyS; p.y += p.dy * everyS
      if (p.x < 0 || p.x > 2000) p.dx = -p.dx
      if (p.y < 0 || p.y > 2000) p.dy = -p.dy
      const d = new Date(t + 8 * 3_600_000)
      const time = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
      lines.push(`U${u},${time},${(119 + p.x / 90_000).toFixed(6)},${(36.7 + p.y / 111_000).toFixed(6)},36,45,patrolling,car`)
    }
    batch.push(...lines)
    if (s % batchS !== 0) continue
    const r = takeFixLines(feed, batch)
    batch = []
    fixes += r.taken
    rejected += r.rejected
    shown = unitsSnapshot(feed.tracks(), feed.now).ids.length
    if (s % 300 === 0) {
      // twice: the first collection leaves some freed ArrayBuffers' memory to the second
      gc()
      gc()
      samples.push({ feedMin: s / 60, heldMB: held(), fixesHeld: feed.held })
    }
  }
  return { samples, fixes, rejected, shown, ms: performance.now() - started }
}

/** Growth of the held memory from the first sample after the rings filled (30 feed minutes) to the largest later one. */
export function growth(samples: SoakSample[]): { base: number; max: number; ratio: number } {
  const after = samples.filter((x) => x.feedMin >= 30)
  const base = after[0]?.heldMB ?? NaN
  const max = Math.max(...after.map((x) => x.heldMB))
  return { base, max, ratio: max / base }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const minutes = Number(process.env.SOAK_FEED_MIN ?? 480)
  const r = runUnitsSoak(minutes)
  for (const x of r.samples.filter((_, k) => k % 6 === 0)) console.log(`  feed ${String(x.feedMin).padStart(4)} min: ${x.heldMB.toFixed(1)} MB held, ${x.fixesHeld} fixes in the rings`)
  const g = growth(r.samples)
  console.log(`units soak: 100 units, one fix per 5 s, ${minutes} feed minutes (${r.fixes} fixes, ${r.rejected} rejected) in ${(r.ms / 1000).toFixed(1)} s; ` +
    `${r.shown} units shown; heap+buffers ${g.base.toFixed(1)} MB at 30 min, at most ${g.max.toFixed(1)} MB after (×${g.ratio.toFixed(3)})`)
  if (!(g.ratio <= 1.1) || r.rejected > 0 || r.shown !== 100) {
    console.log('units soak: FAILED (memory grew by more than 10 %, a fix was rejected or a unit went missing)')
    process.exit(1)
  }
}
