/**
 * Monthly series out of a time profile (time-profile.ts) for small charts: the window of months
 * a sparkline shows, and the polyline that draws it.
 */
import type { TimeProfile } from './time-profile'

export interface MonthWindow {
  /** 'YYYY-MM' keys of the window, oldest first */
  months: string[]
  /** the area's counts in those months */
  values: (area: number) => number[]
}

/**
 * The `n` months ending with `endKey` (inclusive) that the profile has; fewer when the data
 * start later, none when the profile does not reach `endKey`.
 */
export function lastMonths(p: TimeProfile, endKey: string, n: number): MonthWindow {
  const end = p.months.indexOf(endKey)
  const start = Math.max(0, end - n + 1)
  const months = end < 0 ? [] : p.months.slice(start, end + 1)
  const stride = p.months.length
  return { months, values: (area) => Array.from(p.monthly.subarray(area * stride + start, area * stride + start + months.length)) }
}

/**
 * SVG polyline points for values in a width × height box: x evenly spaced, y from 0 (bottom)
 * to the largest value (top), a 1-unit margin so that a 1.5-unit stroke is not clipped. One
 * value is a flat line across; all zero lies on the bottom.
 */
export function sparklinePoints(values: number[], width: number, height: number): string {
  if (values.length === 0) return ''
  const max = Math.max(...values)
  const y = (v: number) => +(height - 1 - (max > 0 ? (v / max) * (height - 2) : 0)).toFixed(2)
  if (values.length === 1) return `0,${y(values[0])} ${width},${y(values[0])}`
  const dx = width / (values.length - 1)
  return values.map((v, i) => `${+(i * dx).toFixed(2)},${y(v)}`).join(' ')
}
