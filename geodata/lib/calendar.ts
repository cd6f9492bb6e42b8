/**
 * The time structure of synthetic incidents: 731 days (2024-01-01 .. 2025-12-31, local
 * Asia/Shanghai time), weekly and seasonal rhythm, holiday peaks, per-street trend, and
 * hour-of-day profiles whose night share (18:00–06:00) is fixed per category.
 */
export const PERIOD = ['2024-01-01', '2025-12-31'] as const
export const CATEGORIES = ['criminal', 'public_order', 'fire', 'problem'] as const
export type Cat = 0 | 1 | 2 | 3

export interface Day { date: string; dow: number; year: number; month: number; doy: number }

const pad = (n: number) => (n < 10 ? `0${n}` : `${n}`)

export function buildDays(): Day[] {
  const days: Day[] = []
  const start = Date.UTC(2024, 0, 1)
  for (let d = 0; ; d++) {
    const t = new Date(start + d * 86400000)
    const y = t.getUTCFullYear()
    if (y > 2025) break
    const doy = Math.floor((t.getTime() - Date.UTC(y, 0, 1)) / 86400000)
    days.push({ date: `${y}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`, dow: (t.getUTCDay() + 6) % 7, year: y, month: t.getUTCMonth() + 1, doy })
  }
  return days
}

export const HOLIDAYS = {
  springFestival: ['2024-02-10', '2025-01-29'],
  lantern: ['2024-02-24', '2025-02-12'],
  mayDay: ['05-01', '05-05'],
  nationalDay: ['10-01', '10-07'],
}

const WEEKLY = [0.93, 0.9, 0.92, 0.96, 1.1, 1.15, 1.04] // Mon..Sun

/** relative daily rate for a category, before the street trend */
export function dayFactor(days: Day[], cat: Cat): Float64Array {
  const out = new Float64Array(days.length)
  const sf = HOLIDAYS.springFestival.map((s) => days.findIndex((d) => d.date === s))
  const lan = HOLIDAYS.lantern.map((s) => days.findIndex((d) => d.date === s))
  days.forEach((d, i) => {
    let f = WEEKLY[d.dow]
    f *= cat === 2 ? 1 + 0.3 * Math.cos((2 * Math.PI * (d.doy - 20)) / 365.25) : 1 + 0.22 * Math.cos((2 * Math.PI * (d.doy - 200)) / 365.25)
    for (const s of sf) {
      const k = i - s
      if (k >= -1 && k <= 6) f *= cat === 2 ? (k <= 0 ? 4 : 1.8) : cat === 1 ? 1.9 : cat === 0 ? 1.4 : 1.3
      else if (k >= -15 && k < -1 && cat === 0) f *= 1.15
    }
    if (lan.includes(i)) f *= cat === 2 ? 2.2 : 1.2
    const md = d.date.slice(5)
    if (md >= HOLIDAYS.mayDay[0] && md <= HOLIDAYS.mayDay[1]) f *= cat === 1 ? 1.35 : cat === 0 ? 1.2 : 1.1
    if (md >= HOLIDAYS.nationalDay[0] && md <= HOLIDAYS.nationalDay[1]) f *= cat === 1 ? 1.4 : 1.2
    out[i] = f
  })
  return out
}

/** street trend: the falling street drops through 2025 (avg ~0.63 of 2024); others rise a little */
export function trendFactor(day: Day, falling: boolean): number {
  const t = day.doy / 365
  if (day.year === 2024) return 1
  return falling ? 0.8 - 0.34 * t : 1.0 + 0.07 * t
}

// base hourly shape (weekday), hours 0..23
const BASE = [4.0, 3.2, 2.4, 1.8, 1.3, 1.2, 1.5, 2.0, 2.6, 3.0, 3.2, 3.3, 3.3, 3.2, 3.2, 3.3, 3.5, 3.9, 4.6, 5.4, 6.2, 6.6, 6.4, 5.4]
const DAYTIME = [3.0, 2.2, 1.6, 1.2, 1.0, 1.1, 2.0, 3.2, 4.3, 4.8, 5.0, 5.0, 4.6, 4.5, 4.6, 4.7, 4.8, 4.9, 4.8, 4.6, 4.4, 4.1, 3.8, 3.4]
export const NIGHT_TARGET = [0.68, 0.7, 0.55, 0.55] // criminal, public_order, fire, problem
export const isNightHour = (h: number) => h >= 18 || h < 6

/** hour weights [cat][weekend evening? 1 : 0] with an exact night share */
export function hourProfiles(): Float64Array[][] {
  return [0, 1, 2, 3].map((c) => [0, 1].map((fri) => {
    const shape = (c >= 2 ? DAYTIME : BASE).map((v, h) => (fri && (h >= 19 || h <= 1) ? v * 1.35 : v))
    const target = NIGHT_TARGET[c] + (fri ? 0.03 : -0.012)
    const night = shape.reduce((s, v, h) => s + (isNightHour(h) ? v : 0), 0)
    const day = shape.reduce((s, v, h) => s + (isNightHour(h) ? 0 : v), 0)
    return Float64Array.from(shape, (v, h) => (isNightHour(h) ? (v / night) * target : (v / day) * (1 - target)))
  }))
}
