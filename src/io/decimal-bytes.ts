/**
 * Decimal numbers straight from CSV bytes (the incident reader's lon/lat), without a string per
 * field on the common path.
 */

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16]
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** Bytes [s, e) as a string of Latin-1 characters (only ever ASCII digits and signs matter). */
function latin(buf: Uint8Array, s: number, e: number): string {
  let out = ''
  for (let i = s; i < e; i++) out += String.fromCharCode(buf[i])
  return out
}

/**
 * A decimal number from bytes [s, e). Plain decimals of up to 15 digits are computed exactly
 * (integer mantissa / exact power of ten: one correctly rounded division, the same double as
 * parseFloat); anything else (exponents, long mantissas) goes through Number(). NaN if invalid.
 */
export function parseDecimal(buf: Uint8Array, s: number, e: number): number {
  let i = s
  let neg = false
  let c = buf[i]
  if (c === 45) { neg = true; i++ } else if (c === 43) i++
  let m = 0
  const i0 = i
  while (i < e) {
    c = buf[i]
    if (c < 48 || c > 57) break
    m = m * 10 + (c - 48)
    i++
  }
  const intDigits = i - i0
  let fracDigits = 0
  if (i < e && buf[i] === 46) {
    i++
    const f0 = i
    while (i < e) {
      c = buf[i]
      if (c < 48 || c > 57) break
      m = m * 10 + (c - 48)
      i++
    }
    fracDigits = i - f0
  }
  if (i !== e || intDigits + fracDigits > 15) {
    const str = latin(buf, s, e)
    return NUMBER_RE.test(str) ? Number(str) : NaN
  }
  if (intDigits + fracDigits === 0) return NaN
  const v = fracDigits === 0 ? m : m / POW10[fracDigits]
  return neg ? -v : v
}
