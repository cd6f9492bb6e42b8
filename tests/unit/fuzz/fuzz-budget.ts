/**
 * Shared budget and mutators of the importer fuzz tests (issue 11, point 3).
 *
 * Budget: under CI the whole folder must stay well under a minute on a 2-core machine, with the
 * fixed seed of ../fast-check-seed.ts (a setup file, so every property here replays it; a
 * failure prints its seed, replay with FC_SEED=<seed>). Each property names its CI run count;
 * FUZZ_RUNS overrides all of them for a long run:
 *
 *   npm run test:fuzz                      (FUZZ_RUNS=5000, all properties)
 *   FUZZ_RUNS=2000 npx vitest run tests/unit/fuzz
 *
 * Hang detection: every importer call is timed and must finish within HANG_MS. That is a
 * generous bound meant to catch runaway loops and quadratic blow-ups, not a benchmark.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, expect, vi } from 'vitest'
import type { ImportReport } from '../../../src/io/import-report'

const override = Number(process.env.FUZZ_RUNS)
const longRun = Number.isFinite(override) && override > 0

/** Inputs per property: the CI count, or FUZZ_RUNS when set. */
export const runs = (ci: number): number => (longRun ? override : ci)

/** Per-test timeout: vitest's default budget under CI, unbounded in practice for long runs. */
export const TEST_TIMEOUT = longRun ? 6 * 3600_000 : 60_000

export const HANG_MS = 2000

export function timed<T>(label: string, f: () => T): T {
  const t0 = performance.now()
  const out = f()
  const ms = performance.now() - t0
  expect(ms, `${label} took ${ms.toFixed(0)} ms`).toBeLessThan(HANG_MS)
  return out
}

export async function timedAsync<T>(label: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now()
  const out = await f()
  const ms = performance.now() - t0
  expect(ms, `${label} took ${ms.toFixed(0)} ms`).toBeLessThan(HANG_MS)
  return out
}

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

/** The report names its rows: every rejected row has a line/feature number within the file, and a reason. */
export function expectRowsNamed(report: ImportReport, maxLine: number): void {
  expect(report.rejectedCount).toBeGreaterThanOrEqual(report.rejected.length)
  for (const r of report.rejected) {
    expect(Number.isInteger(r.line), JSON.stringify(r).slice(0, 200)).toBe(true)
    expect(r.line).toBeGreaterThanOrEqual(1)
    expect(r.line).toBeLessThanOrEqual(maxLine)
    expect(typeof r.reason).toBe('string')
  }
  expect(report.rowsKept).toBeLessThanOrEqual(report.rowsRead)
  for (const e of report.errors) expect(typeof e === 'string' && e.length > 0).toBe(true)
}

/** An importer that may throw must throw an Error with a message naming the file (not a TypeError/RangeError from deep inside). */
export function expectNamedError(e: unknown, fileName: string): void {
  expect(e).toBeInstanceOf(Error)
  const err = e as Error
  expect(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError'], `${err.name}: ${err.message}\n${err.stack}`).not.toContain(err.name)
  expect(err.message).toContain(fileName)
}

/** Lines of a text as a CSV reader counts them (CR, LF and CRLF all end a line). */
export const countLines = (text: string): number => text.split(/\r\n|\r|\n/).length

/** The same as text, deep enough that JSON.stringify itself would overflow building it. */
export const deepNestText = (depth: number, inner = '0'): string => '['.repeat(depth) + inner + ']'.repeat(depth)

/** papaparse writes a console warning for every file with a repeated header name; the report is
 *  what these tests check, so that one line is kept out of the output (anything else still shows). */
export function quietPapaparse(): void {
  const warn = console.warn.bind(console)
  beforeAll(() => {
    vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => { if (a[0] !== 'Duplicate headers found and renamed.') warn(...a) })
  })
  afterAll(() => { vi.restoreAllMocks() })
}
