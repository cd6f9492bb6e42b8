/**
 * Reading a big incident CSV on two cores (Node only; the browser reads in its own workers).
 * The file is cut at the first line break after its middle: this thread reads the first part,
 * a worker thread the second (after the header row, so both map the columns alike), and the
 * columns are joined. The result is the single reader's, byte for byte: the cut is only kept
 * when the first part ends exactly at a row's end (not inside a quoted field), line numbers of
 * the second part are shifted by the lines before the cut, subtypes are renumbered in order
 * of first appearance; anything the parts cannot settle alone (an id in both parts, errors,
 * a non-UTF-8 file) makes it read the file again in one piece.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, renameSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads'
import { MAX_LISTED_REJECTS, type ImportReport } from '../io/import-report'
import { IncidentCsvReader, type IncidentCsvOptions, type IncidentCsvResult } from '../io/incidents-csv'
import { appendIncidents } from '../io/live-incidents'
import { detectEncoding } from '../io/text-encoding'
import { isStale } from './staleness.mjs'
import { REPO_ROOT } from './repo-root'

/** below this a second thread costs more (its start, ~30 ms) than it saves */
export const PARALLEL_MIN_BYTES = 8 << 20
const CHUNK = 1 << 20
const SNIFF = 1 << 16
const MAX_SUBTYPES = 0xffff
const LF = 10, CR = 13, QUOTE = 34

export interface ParallelReadOptions extends IncidentCsvOptions {
  /** read in two parts from this size on (default PARALLEL_MIN_BYTES) */
  minBytes?: number
  /** cut at the first line break at or after this byte (default: the middle); for tests */
  cutAt?: number
}

export interface ParallelReadResult extends IncidentCsvResult {
  /** 'parallel', or why the file was read in one piece */
  mode: 'parallel' | 'small' | 'encoding' | 'no-cut' | 'quoted-cut' | 'merge' | 'worker'
}

/** Reads `fd` from `start` to `end` in 1 MiB chunks into `reader`. */
function pushRange(reader: IncidentCsvReader, fd: number, start: number, end: number, buf = new Uint8Array(CHUNK)): void {
  for (let pos = start; pos < end;) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, end - pos), pos)
    if (n === 0) break
    reader.push(buf.subarray(0, n))
    pos += n
  }
}

function readWhole(fd: number, size: number, opts: IncidentCsvOptions, mode: ParallelReadResult['mode']): ParallelReadResult {
  const reader = new IncidentCsvReader({ ...opts, expectedBytes: size })
  pushRange(reader, fd, 0, size)
  return { ...reader.finish(), mode }
}

function readAt(fd: number, pos: number, len: number): Uint8Array {
  const b = new Uint8Array(len)
  return b.subarray(0, readSync(fd, b, 0, len, pos))
}

/**
 * End of the header row (just past its LF) in the first bytes, quotes respected; -1 when it
 * does not end there or ends with a lone CR (the cut-and-rescan would then disagree).
 */
export function headerEnd(head: Uint8Array): number {
  let quoted = false
  for (let i = 0; i < head.length; i++) {
    const c = head[i]
    if (c === QUOTE) quoted = !quoted
    else if (!quoted && c === CR && head[i + 1] !== LF) return -1
    else if (!quoted && c === LF) return i + 1
  }
  return -1
}

let workerScript: string | null = null

/** The worker's JavaScript: beside the bundle, or bundled once from source (tests, tsx). */
function workerPath(): string {
  if (workerScript) return workerScript
  const here = fileURLToPath(import.meta.url)
  const beside = join(dirname(here), 'incidents-read-worker.mjs')
  if (here.endsWith('.mjs') && existsSync(beside)) return (workerScript = beside)
  const out = join(REPO_ROOT, 'dist-node', 'incidents-read-worker.dev.mjs')
  if (isStale(out, [join(REPO_ROOT, 'src')])) {
    // a dev-only path (esbuild is a devDependency; the bundle never gets here). Built beside
    // and renamed, so parallel test processes never load a half-written file.
    const tmp = `${out}.${process.pid}.tmp.mjs`
    const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild')
    buildSync({
      entryPoints: [join(REPO_ROOT, 'src/cli/incidents-read-worker.ts')], outfile: tmp, bundle: true, platform: 'node', format: 'esm', logLevel: 'error',
    })
    renameSync(tmp, out)
  }
  return (workerScript = out)
}

interface PartAnswer { result?: IncidentCsvResult; error?: string }

/** Starts the worker on [start, end); `wait()` blocks this thread until its answer. */
function startPart(path: string, header: Uint8Array, start: number, end: number, opts: IncidentCsvOptions) {
  const done = new Int32Array(new SharedArrayBuffer(4))
  const { port1, port2 } = new MessageChannel()
  // a loader that always answers, even when the script itself cannot be loaded
  const boot = `const { workerData: d } = require('node:worker_threads')
import(d.script).then((m) => m.run(d)).catch((err) => {
  d.port.postMessage({ error: String(err && err.message || err) }); Atomics.store(d.done, 0, 1); Atomics.notify(d.done, 0)
})`
  const worker = new Worker(boot, {
    eval: true,
    workerData: { script: pathToFileURL(workerPath()).href, path, header, start, end, opts, port: port2, done },
    transferList: [port2],
  })
  worker.unref()
  return {
    wait(): PartAnswer {
      // the worker cannot hang without the whole process failing; the bound is only a guard
      Atomics.wait(done, 0, 0, 10 * 60_000)
      const m = receiveMessageOnPort(port1)?.message as PartAnswer | undefined
      port1.close()
      void worker.terminate()
      return m ?? { error: 'no answer from the reading thread' }
    },
    cancel(): void {
      port1.close()
      void worker.terminate()
    },
  }
}

/**
 * The incident CSV at `path` into columns, on two threads for big UTF-8 files; the same
 * result as one IncidentCsvReader over the whole file.
 */
export function readIncidentsFileParallel(path: string, opts: ParallelReadOptions = {}): ParallelReadResult {
  const { minBytes = PARALLEL_MIN_BYTES, cutAt, ...readerOpts } = opts
  const fd = openSync(path, 'r')
  try {
    const size = fstatSync(fd).size
    if (size < minBytes) return readWhole(fd, size, readerOpts, 'small')
    const head = readAt(fd, 0, SNIFF)
    const enc = readerOpts.encoding ?? 'auto'
    if (enc === 'gbk' || (enc === 'auto' && detectEncoding(head).encoding !== 'utf8')) return readWhole(fd, size, readerOpts, 'encoding')
    const hEnd = headerEnd(head)
    if (hEnd < 0) return readWhole(fd, size, readerOpts, 'no-cut')
    // past the first 64 KiB: the first part then decides the encoding on the bytes the single
    // reader would (and has decided it before the cut is checked)
    const from = Math.max(hEnd, SNIFF, cutAt ?? Math.floor(size / 2))
    const window = readAt(fd, from, SNIFF)
    const lf = window.indexOf(LF)
    const cut = lf < 0 ? -1 : from + lf + 1
    if (cut < 0 || cut >= size) return readWhole(fd, size, readerOpts, 'no-cut')

    const header = head.slice(0, hEnd)
    const part = startPart(path, header, cut, size, readerOpts)
    const first = new IncidentCsvReader({ ...readerOpts, expectedBytes: cut, keepIdIndex: true })
    const buf = new Uint8Array(CHUNK)
    pushRange(first, fd, 0, cut, buf)
    if (!first.atRowBoundary) {
      // the cut fell inside a quoted field: this thread reads on to the end alone
      part.cancel()
      pushRange(first, fd, cut, size, buf)
      return { ...first.finish(), mode: 'quoted-cut' }
    }
    const nextLine = first.nextRowLine
    const a = first.finish()
    const answer = part.wait()
    if (!answer.result) return readWhole(fd, size, readerOpts, 'worker')
    // B numbered its rows from 1 at the header: its first data row is line 1 + the header's LFs
    let headerLfs = 0
    for (const c of header) if (c === LF) headerLfs++
    const merged = mergeParts(first, a, answer.result, nextLine - (1 + headerLfs))
    return merged ? { ...merged, mode: 'parallel' } : readWhole(fd, size, readerOpts, 'merge')
  } finally {
    closeSync(fd)
  }
}

function sameList(x: string[], y: string[]): boolean {
  return x.length === y.length && x.every((v, i) => v === y[i])
}

/** A's and B's results as one, or null when only a single reader can settle the file. */
function mergeParts(readerA: IncidentCsvReader, a: IncidentCsvResult, b: IncidentCsvResult, lineShift: number): IncidentCsvResult | null {
  const ra = a.report, rb = b.report
  const ca = a.columns, cb = b.columns
  if (!sameList(ra.errors, rb.errors) || ra.errors.length > 0) return null
  if (ca.count === 0 || cb.count === 0) return null
  if (!rb.warnings.every((w) => ra.warnings.includes(w))) return null
  // an id in both parts: the single reader would reject B's rows as duplicates of A's
  for (let j = 0; j < cb.count; j++) {
    if (readerA.findId(cb.id.bytes, cb.id.offsets[j], cb.id.offsets[j + 1]) >= 0) return null
  }
  // subtypes: A's codes stay, B's new names follow in B's order of first appearance
  const columns = appendIncidents(ca, cb)
  if (columns.subtypes.length > MAX_SUBTYPES) return null
  return { columns, report: mergeReports(ra, rb, lineShift) }
}

function mergeReports(ra: ImportReport, rb: ImportReport, lineShift: number): ImportReport {
  const shifted = rb.rejected.slice(0, Math.max(0, MAX_LISTED_REJECTS - ra.rejected.length)).map((r) => {
    const out = { ...r, line: r.line + lineShift }
    // "(first on line N)" of a duplicate within B names a line of B
    if (r.reason === 'duplicate_id' && r.detail) out.detail = r.detail.replace(/\(first on line (\d+)\)$/, (_, l: string) => `(first on line ${Number(l) + lineShift})`)
    return out
  })
  const sum = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x }
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ?? 0) + v
    return out
  }
  return {
    ...ra,
    rowsRead: ra.rowsRead + rb.rowsRead,
    rowsKept: ra.rowsKept + rb.rowsKept,
    rejectedCount: ra.rejectedCount + rb.rejectedCount,
    rejected: [...ra.rejected, ...shifted],
    rejectedByReason: sum(ra.rejectedByReason, rb.rejectedByReason),
    otherCategoryLabels: sum(ra.otherCategoryLabels, rb.otherCategoryLabels),
  }
}
