/**
 * Runs every tests/bench/*.bench.ts (each exports `run(): Promise<Row[]>`) and prints a table.
 *   npx tsx tests/bench/run.ts [filter]
 */
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Row } from './harness'

const here = dirname(fileURLToPath(import.meta.url))
const filter = process.argv[2] ?? ''
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort()

function table(rows: Row[]): string {
  const byName = new Map(rows.map((r) => [r.name, r]))
  const head = ['bench', 'name', 'n', 'median ms', 'ratio', 'retained MB', 'peak RSS MB', 'note']
  const body = rows.map((r) => {
    const base = r.baseline ? byName.get(r.baseline) : undefined
    return [
      (r as Row & { file?: string }).file ?? '', r.name, r.n.toLocaleString('en'), r.medianMs.toFixed(1),
      base ? (r.medianMs / base.medianMs).toFixed(3) : '1',
      r.retainedMB?.toFixed(1) ?? '', r.peakRssMB?.toFixed(0) ?? '', r.note ?? '',
    ]
  })
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)))
  const line = (c: string[]) => '| ' + c.map((x, i) => (i >= 2 && i <= 6 ? x.padStart(w[i]) : x.padEnd(w[i]))).join(' | ') + ' |'
  return [line(head), '|' + w.map((x) => '-'.repeat(x + 2)).join('|') + '|', ...body.map(line)].join('\n')
}

const all: Row[] = []
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { run?: () => Promise<Row[]> }
  if (typeof mod.run !== 'function') continue
  console.error(`running ${f} ...`)
  for (const r of await mod.run()) all.push({ ...r, file: f.replace(/\.bench\.ts$/, '') } as Row)
}
console.log(table(all))
