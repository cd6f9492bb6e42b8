/**
 * Inputs of the importer fuzz tests: hostile values and mutations of lines, whole texts, bytes
 * and JSON. Plain fast-check arbitraries with no vitest in them, so that the fuzz-throughput
 * benchmark (tests/bench/fuzz-throughput.bench.ts) draws the same inputs the tests do.
 */
import fc from 'fast-check'

/** Hostile cell values: markup, numbers JavaScript reads oddly, out-of-range coordinates, a long string. */
export const HOSTILE_VALUES = [
  '<img src=x onerror=alert(1)>', '<script>alert(1)</script>', 'javascript:alert(1)', '', ' ', 'NaN', 'Infinity',
  '-Infinity', '1e308', '-1e308', '1e-320', '0x1F', '-0', '999', '-91', '181', '1,5', '中文', '\u0000', '\uFEFF', '\u202e',
  'null', 'undefined', '__proto__', 'constructor', 'x'.repeat(100_000),
]
export const hostileValue = fc.constantFrom(...HOSTILE_VALUES)

/** Characters that a single-row mutation may not bring in, so that it cannot swallow or split other rows. */
const ROW_BREAKERS = /["\r\n]/g

/** One mutation of a single CSV line (kept on that line, no quotes). */
export const lineMutation = fc.oneof(
  fc.record({ op: fc.constant('set' as const), col: fc.nat(12), value: hostileValue }),
  fc.record({ op: fc.constant('swap' as const), a: fc.nat(12), b: fc.nat(12) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 20 }), hostileValue) }),
  fc.record({ op: fc.constant('drop-cell' as const), col: fc.nat(12) }),
  fc.record({ op: fc.constant('add-cell' as const), value: hostileValue }),
)
export type LineMutation = typeof lineMutation extends fc.Arbitrary<infer T> ? T : never

export function mutateLine(line: string, m: LineMutation): string {
  const cells = line.split(',')
  const clean = (s: string) => s.replace(ROW_BREAKERS, '')
  switch (m.op) {
    case 'set': cells[m.col % cells.length] = clean(m.value).replace(/,/g, ';'); return cells.join(',')
    case 'swap': {
      const a = m.a % cells.length, b = m.b % cells.length
      ;[cells[a], cells[b]] = [cells[b], cells[a]]
      return cells.join(',')
    }
    case 'delete': { const at = m.at % (line.length + 1); return line.slice(0, at) + line.slice(at + m.len) }
    case 'insert': { const at = m.at % (line.length + 1); return line.slice(0, at) + clean(m.text) + line.slice(at) }
    case 'drop-cell': cells.splice(m.col % cells.length, 1); return cells.join(',')
    case 'add-cell': return `${line},${clean(m.value).replace(/,/g, ';')}`
  }
}

/** Whole-text mutations: anything goes (quotes, line breaks, dropped or repeated lines). */
export const textMutation = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 20 }), hostileValue, fc.constantFrom('"', '\n', '\r\n', ',', '{', '[', ']', '}', ':', '\\')) }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), text: fc.string({ minLength: 1, maxLength: 4 }) }),
  fc.record({ op: fc.constant('drop-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('dup-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }),
)
export type TextMutation = typeof textMutation extends fc.Arbitrary<infer T> ? T : never

export function mutateText(text: string, m: TextMutation): string {
  const at = (n: number) => n % (text.length + 1)
  const lines = text.split('\n')
  const li = (n: number) => n % lines.length
  switch (m.op) {
    case 'delete': return text.slice(0, at(m.at)) + text.slice(at(m.at) + m.len)
    case 'insert': return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at))
    case 'replace': return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at) + m.text.length)
    case 'drop-line': lines.splice(li(m.at), 1); return lines.join('\n')
    case 'dup-line': lines.splice(li(m.at), 0, lines[li(m.at)]); return lines.join('\n')
    case 'swap-lines': { const a = li(m.a), b = li(m.b); [lines[a], lines[b]] = [lines[b], lines[a]]; return lines.join('\n') }
  }
}

/** Byte mutations for binary files (zip, xlsx, shapefile). */
export const byteMutation = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
)
export type ByteMutation = typeof byteMutation extends fc.Arbitrary<infer T> ? T : never

export function mutateBytes(b: Uint8Array, ms: readonly ByteMutation[]): Uint8Array {
  let out: Uint8Array = b.slice()
  for (const m of ms) {
    const at = m.at % (out.length + 1)
    if (m.op === 'flip') { if (out.length) out[at % out.length] = m.value }
    else if (m.op === 'delete') out = concat(out.subarray(0, at), out.subarray(at + m.len))
    else if (m.op === 'insert') out = concat(out.subarray(0, at), m.bytes, out.subarray(at))
    else out = out.slice(0, at)
  }
  return out
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0))
  let o = 0
  for (const p of parts) { out.set(p, o); o += p.length }
  return out
}

/** JSON values with deep nesting, odd numbers and hostile strings. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -0, 1e308, -1e308, 5e-324, 181, -91, 1.5),
    hostileValue,
    fc.string({ maxLength: 10 }),
    fc.double(),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('type', 'features', 'geometry', 'properties', 'coordinates', 'id', 'scenes', '__proto__')), tie('value'), { maxKeys: 5 }),
  ),
})).value

/** Nest a value `depth` arrays deep (what a recursive walker would overflow on). */
export const deepNest = (depth: number, inner: unknown = 0): unknown => {
  let v = inner
  for (let i = 0; i < depth; i++) v = [v]
  return v
}

/** Lines of a text as a CSV reader counts them (CR, LF and CRLF all end a line). */
export const countLines = (text: string): number => text.split(/\r\n|\r|\n/).length

/** The same as text, deep enough that JSON.stringify itself would overflow building it. */
export const deepNestText = (depth: number, inner = '0'): string => '['.repeat(depth) + inner + ']'.repeat(depth)
