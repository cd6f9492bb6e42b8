/**
 * Shared budget and checks of the importer fuzz tests (issue 11, point 3); the inputs are in
 * ./mutations.ts.
 *
 * Budget: under CI the whole folder must stay well under a minute on a 2-core machine, with the
 * fixed seed of ../fast-check-seed.ts (a setup file, so every property here replays it; a
 * failure prints its seed, replay with FC_SEED=<seed>). Each property names its CI run count;
 * FUZZ_RUNS overrides all of them for a long run:
 *
 *   npm run test:fuzz                      (FUZZ_RUNS=5000, all properties)
 *   FUZZ_RUNS=2000 npx vitest run tests/unit/fuzz
 *
 * What each call may do is counted, not timed: it returns a report naming its rows or throws
 * the importer's own error naming the file. How long the calls take (median and slowest per
 * format) is a benchmark row, `npx tsx tests/bench/run.ts fuzz-throughput`: a clock limit here
 * would fail on a busy machine and pass a slowdown that stays under it. A call that never
 * returns still fails the property, at the test's TEST_TIMEOUT.
 */
import { afterAll, beforeAll, expect, vi } from 'vitest'
import type { ImportReport } from '../../../src/io/import-report'

const override = Number(process.env.FUZZ_RUNS)
const longRun = Number.isFinite(override) && override > 0

/** Inputs per property: the CI count, or FUZZ_RUNS when set. */
export const runs = (ci: number): number => (longRun ? override : ci)

/** Per-test timeout: vitest's default budget under CI, unbounded in practice for long runs. */
export const TEST_TIMEOUT = longRun ? 6 * 3600_000 : 60_000

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

/** papaparse writes a console warning for every file with a repeated header name; the report is
 *  what these tests check, so that one line is kept out of the output (anything else still shows). */
export function quietPapaparse(): void {
  const warn = console.warn.bind(console)
  beforeAll(() => {
    vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => { if (a[0] !== 'Duplicate headers found and renamed.') warn(...a) })
  })
  afterAll(() => { vi.restoreAllMocks() })
}
