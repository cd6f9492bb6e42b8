/**
 * Incident times straight from CSV bytes: ISO-like `YYYY-MM-DD hh:mm[:ss]` with optional
 * offset, and US `MM/DD/YYYY hh:mm[:ss] AM|PM`, to epoch ms; a time without an offset is
 * local time in China (UTC+8).
 */
import { SHANGHAI_OFFSET_MS } from '../core/periods'

const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}


/**
 * Epoch ms of a date and time at UTC offset `off` minutes; NaN when a field is out of range
 * (a day past the month's end, February 29 of a common year included).
 */
function epochMs(y: number, mo: number, d: number, h: number, mi: number, sec: number, ms: number, off: number): number {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59) return NaN
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  if (d > (mo === 2 && leap ? 29 : MONTH_DAYS[mo])) return NaN
  return ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi - off) * 60000 + sec * 1000 + ms
}

/** Default offset of a time without one: Asia/Shanghai, UTC+8, no DST. */
export const DEFAULT_OFFSET_MINUTES = SHANGHAI_OFFSET_MS / 60_000

/**
 * Epoch ms from bytes [s, e) in `YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|±HH:MM|±HHMM|±HH]`
 * (also `/` as date separator; 1–2 digit month, day and hour). No offset: UTC+8. NaN if invalid.
 */
export function parseTimeBytes(buf: Uint8Array, s: number, e: number): number {
  if (e - s === 19) {
    const t = parseIsoSeconds(buf, s)
    if (t === t) return t
  }
  let i = s
  if (e - s < 8) return NaN
  if (buf[s + 1] === 47 || buf[s + 2] === 47) return parseUsTimeBytes(buf, s, e)
  let c = 0
  // year: 4 digits
  let y = 0
  for (let k = 0; k < 4; k++) {
    c = buf[i++] - 48
    if (c < 0 || c > 9) return NaN
    y = y * 10 + c
  }
  const sep = buf[i++]
  if (sep !== 45 && sep !== 47) return NaN
  // month, day: 1-2 digits
  let mo = buf[i++] - 48
  if (mo < 0 || mo > 9) return NaN
  c = buf[i] - 48
  if (i < e && c >= 0 && c <= 9) { mo = mo * 10 + c; i++ }
  if (i >= e || buf[i++] !== sep) return NaN
  if (i >= e) return NaN
  let d = buf[i++] - 48
  if (d < 0 || d > 9) return NaN
  c = buf[i] - 48
  if (i < e && c >= 0 && c <= 9) { d = d * 10 + c; i++ }
  let h = 0, mi = 0, sec = 0, ms = 0
  let off = DEFAULT_OFFSET_MINUTES
  if (i < e) {
    c = buf[i++]
    if (c !== 84 && c !== 116 && c !== 32) return NaN
    while (c === 32 && i < e && buf[i] === 32) i++
    if (i >= e) return NaN
    h = buf[i++] - 48
    if (h < 0 || h > 9) return NaN
    c = buf[i] - 48
    if (i < e && c >= 0 && c <= 9) { h = h * 10 + c; i++ }
    if (i + 3 > e || buf[i++] !== 58) return NaN
    const m1 = buf[i++] - 48, m2 = buf[i++] - 48
    if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9) return NaN
    mi = m1 * 10 + m2
    if (i < e && buf[i] === 58) {
      i++
      if (i + 2 > e) return NaN
      const s1 = buf[i++] - 48, s2 = buf[i++] - 48
      if (s1 < 0 || s1 > 9 || s2 < 0 || s2 > 9) return NaN
      sec = s1 * 10 + s2
      if (i < e && buf[i] === 46) {
        i++
        let nd = 0
        while (i < e) {
          c = buf[i] - 48
          if (c < 0 || c > 9) break
          if (nd < 3) ms = ms * 10 + c
          nd++
          i++
        }
        if (nd === 0) return NaN
        if (nd === 1) ms *= 100
        else if (nd === 2) ms *= 10
      }
    }
    while (i < e && buf[i] === 32) i++
    if (i < e) {
      c = buf[i++]
      if (c === 90 || c === 122) off = 0
      else if (c === 43 || c === 45) {
        if (i + 2 > e) return NaN
        const o1 = buf[i++] - 48, o2 = buf[i++] - 48
        if (o1 < 0 || o1 > 9 || o2 < 0 || o2 > 9) return NaN
        let om = 0
        if (i < e) {
          if (buf[i] === 58) i++
          if (i + 2 > e) return NaN
          const o3 = buf[i++] - 48, o4 = buf[i++] - 48
          if (o3 < 0 || o3 > 9 || o4 < 0 || o4 > 9) return NaN
          om = o3 * 10 + o4
        }
        const oh = o1 * 10 + o2
        if (oh > 14 || om > 59) return NaN
        off = (oh * 60 + om) * (c === 45 ? -1 : 1)
      } else return NaN
    }
  }
  if (i !== e) return NaN
  return epochMs(y, mo, d, h, mi, sec, ms, off)
}

/**
 * The common shape `YYYY-MM-DD(T| )HH:MM:SS` at buf[s, s + 19), read without loops; NaN for
 * anything else, which the general path then reads (or rejects) the same way as ever.
 */
function parseIsoSeconds(buf: Uint8Array, s: number): number {
  const t = buf[s + 10]
  if (buf[s + 4] !== 45 || buf[s + 7] !== 45 || (t !== 84 && t !== 32) || buf[s + 13] !== 58 || buf[s + 16] !== 58) return NaN
  const y0 = buf[s] - 48, y1 = buf[s + 1] - 48, y2 = buf[s + 2] - 48, y3 = buf[s + 3] - 48
  const mo0 = buf[s + 5] - 48, mo1 = buf[s + 6] - 48, d0 = buf[s + 8] - 48, d1 = buf[s + 9] - 48
  const h0 = buf[s + 11] - 48, h1 = buf[s + 12] - 48, mi0 = buf[s + 14] - 48, mi1 = buf[s + 15] - 48
  const s0 = buf[s + 17] - 48, s1 = buf[s + 18] - 48
  // a digit is 0..9 after - 48: any other byte sets a bit above the low four or lands on 10..15
  if (((y0 | y1 | y2 | y3 | mo0 | mo1 | d0 | d1 | h0 | h1 | mi0 | mi1 | s0 | s1) & ~15) !== 0) return NaN
  if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || mo0 > 9 || mo1 > 9 || d0 > 9 || d1 > 9 || h0 > 9 || h1 > 9 || mi0 > 9 || mi1 > 9 || s0 > 9 || s1 > 9) return NaN
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3
  return epochMs(y, mo0 * 10 + mo1, d0 * 10 + d1, h0 * 10 + h1, mi0 * 10 + mi1, s0 * 10 + s1, 0, DEFAULT_OFFSET_MINUTES)
}

/** Reads the next 1–2 digit number at i; returns [value, next i] or null. */
function digits2(buf: Uint8Array, i: number, e: number): [number, number] | null {
  let v = buf[i] - 48
  if (i >= e || v < 0 || v > 9) return null
  i++
  const c = buf[i] - 48
  if (i < e && c >= 0 && c <= 9) { v = v * 10 + c; i++ }
  return [v, i]
}

/**
 * `MM/DD/YYYY[ hh:mm[:ss][ AM|PM]]` as US exports write it (the Chicago portal does).
 * No offset: UTC+8 like every time without one.
 */
function parseUsTimeBytes(buf: Uint8Array, s: number, e: number): number {
  const mo = digits2(buf, s, e)
  if (!mo || buf[mo[1]] !== 47) return NaN
  const d = digits2(buf, mo[1] + 1, e)
  if (!d || buf[d[1]] !== 47) return NaN
  let i = d[1] + 1
  if (i + 4 > e) return NaN
  let y = 0
  for (let k = 0; k < 4; k++) {
    const c = buf[i++] - 48
    if (c < 0 || c > 9) return NaN
    y = y * 10 + c
  }
  let h = 0, mi = 0, sec = 0
  if (i < e) {
    if (buf[i++] !== 32) return NaN
    const hh = digits2(buf, i, e)
    if (!hh || buf[hh[1]] !== 58) return NaN
    h = hh[0]
    i = hh[1] + 1
    const mm = digits2(buf, i, e)
    if (!mm || mm[1] - i !== 2) return NaN
    mi = mm[0]
    i = mm[1]
    if (i < e && buf[i] === 58) {
      const ss = digits2(buf, i + 1, e)
      if (!ss || ss[1] - i !== 3) return NaN
      sec = ss[0]
      i = ss[1]
    }
    while (i < e && buf[i] === 32) i++
    if (i < e) {
      if (i + 2 !== e || (buf[i + 1] | 32) !== 109) return NaN
      const ap = buf[i] | 32
      if (h < 1 || h > 12 || (ap !== 97 && ap !== 112)) return NaN
      h = (h % 12) + (ap === 112 ? 12 : 0)
      i = e
    }
  }
  return epochMs(y, mo[0], d[0], h, mi, sec, 0, DEFAULT_OFFSET_MINUTES)
}
