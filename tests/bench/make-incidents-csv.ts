/**
 * A deterministic incident CSV in the contract (`id,time,category,subtype,lon,lat,address`),
 * points around Weifang (119.1E 36.7N), times in 2024 (Asia/Shanghai, no offset), some
 * addresses quoted (commas, doubled quotes). For benchmarks and the browser load test.
 *
 *   makeIncidentsCsv(1_000_000, 1) → about 90 MB of UTF-8
 *   makeIncidentsCsv(1_000_000, 1, { addresses: false }) → about 73 MB, no quoted field (what
 *   the GEOS anchor of tests/bench/cli-process.bench.ts can read)
 */

import { mulberry32 } from '../../src/core/seeded-random'

export const INCIDENT_CATEGORIES = ['criminal', 'public_order', 'fire', 'problem'] as const
export const INCIDENT_SUBTYPES = [
  '盗窃', '电动车被盗', '诈骗', '抢劫', '抢夺', '故意伤害', '纠纷', '噪音扰民', '打架斗殴', '醉酒滋事',
  '火灾', '电气火灾', '车辆起火', '消防通道堵塞', '井盖缺失', '路灯损坏', '违章搭建', '占道经营', '其他', 'theft',
]
const ROADS = ['胜利街', '东风街', '健康街', '北宫街', '向阳路', '和平路', '月河路', '福寿街', '青年路', '卧龙街']

/** mulberry32 (src/core/seeded-random.ts): a small seeded PRNG returning [0, 1). */
export const prng = mulberry32

const pad2 = (x: number) => (x < 10 ? '0' + x : '' + x)

export function makeIncidentsCsv(n: number, seed = 1, opts: { addresses?: boolean } = {}): Uint8Array<ArrayBuffer> {
  const withAddress = opts.addresses ?? true
  const rnd = prng(seed)
  const enc = new TextEncoder()
  const parts: Uint8Array[] = [enc.encode(withAddress ? 'id,time,category,subtype,lon,lat,address\n' : 'id,time,category,subtype,lon,lat\n')]
  const t0 = Date.UTC(2024, 0, 1) - 8 * 3600_000
  const block = 10_000
  for (let b = 0; b < n; b += block) {
    const lines: string[] = []
    for (let i = b; i < Math.min(n, b + block); i++) {
      const t = new Date(t0 + Math.floor(rnd() * 366 * 86400) * 1000 + 8 * 3600_000)
      const time = `${t.getUTCFullYear()}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}T${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}:${pad2(t.getUTCSeconds())}`
      const cat = INCIDENT_CATEGORIES[Math.floor(rnd() * 4)]
      const sub = INCIDENT_SUBTYPES[Math.floor(rnd() * INCIDENT_SUBTYPES.length)]
      const lon = (119.1 + (rnd() - 0.5) * 0.3).toFixed(6)
      const lat = (36.7 + (rnd() - 0.5) * 0.2).toFixed(6)
      const road = ROADS[Math.floor(rnd() * ROADS.length)]
      const no = 1 + Math.floor(rnd() * 300)
      const r = rnd()
      const address = r < 0.05 ? `"潍城区${road}${no}号, ""东门"""` : r < 0.1 ? `"${road}${no}号,${pad2(no % 30)}栋"` : `潍城区${road}${no}号`
      // the same random draws either way, so both files hold the same incidents
      lines.push(withAddress ? `WF${seed}-${i},${time},${cat},${sub},${lon},${lat},${address}` : `WF${seed}-${i},${time},${cat},${sub},${lon},${lat}`)
    }
    parts.push(enc.encode(lines.join('\n') + '\n'))
  }
  let len = 0
  for (const p of parts) len += p.length
  const out = new Uint8Array(len)
  let o = 0
  for (const p of parts) { out.set(p, o); o += p.length }
  return out
}
