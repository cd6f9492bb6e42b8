/**
 * Uncertain times (core/aoristic.ts) on 1,000,000 incidents over two years: the hour × weekday
 * profile, the timeline bars and the hour filter with a share of the incidents carrying a time
 * window of 1 to 12 hours, each against the same analysis on exact times (its baseline row),
 * so the ratio is what spreading costs.
 *   npm run -s bench:aoristic
 */
import { autoBinMs, timeHistogram } from '../../src/core/time-histogram'
import { timeProfile } from '../../src/core/time-profile'
import { keepMask, NO_FILTER } from '../../src/core/incident-filter'
import { measure, type Row } from './harness'
import { mulberry32 } from '../../src/core/seeded-random'

const N = 1_000_000
const HOUR = 3_600_000
const T0 = Date.UTC(2024, 0, 1) - 8 * HOUR

function incidents(windowShare: number) {
  const r = mulberry32(27)
  const time = new Float64Array(N), timeTo = new Float64Array(N)
  for (let i = 0; i < N; i++) {
    time[i] = T0 + Math.floor(r() * 730 * 24 * 60) * 60_000
    timeTo[i] = r() < windowShare ? time[i] + (1 + Math.floor(r() * 12)) * HOUR : NaN
  }
  return { count: N, time, timeTo, category: new Uint8Array(N) }
}

export async function run(): Promise<Row[]> {
  const rows: Row[] = []
  const assign = new Int32Array(N)
  const base = incidents(0)
  for (const share of [0.2, 1]) {
    const inc = incidents(share)
    const label = `${share * 100}% with windows of 1–12 h`
    const pExact = `profile, exact times (${label}: baseline)`
    rows.push(measure(pExact, N, () => timeProfile(assign, inc.time, N, 1)))
    rows.push(measure(`profile, ${label}`, N, () => timeProfile(assign, inc.time, N, 1, { timeTo: inc.timeTo }), { baseline: pExact }))
    const range: [number, number] = [T0, T0 + 730 * 24 * HOUR]
    const hExact = `timeline bars, exact times (${label}: baseline)`
    rows.push(measure(hExact, N, () => timeHistogram(inc.time, N, range, autoBinMs(range))))
    rows.push(measure(`timeline bars, ${label}`, N, () => timeHistogram(inc.time, N, range, autoBinMs(range), undefined, inc.timeTo), { baseline: hExact }))
    const spec = { ...NO_FILTER, hours: [2, 4] as [number, number] }
    const fExact = `hour filter 02–04, exact times (${label}: baseline)`
    rows.push(measure(fExact, N, () => keepMask(base, spec)))
    rows.push(measure(`hour filter 02–04, ${label}`, N, () => keepMask(inc, spec), { baseline: fExact }))
  }
  return rows
}
