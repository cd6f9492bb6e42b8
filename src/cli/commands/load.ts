import { createReadStream, statSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { Readable } from 'node:stream'
import { reportToCsv, type ImportReport } from '../../io/import-report'
import { errorMessage } from '../../core/text-format'
import { CliError, requireFlag, type Log } from '../cli-io'
import type { Command, FlagValues } from '../command'
import { AREA_FIELD_FLAGS, SERVER_FLAGS } from '../flag-groups'
import { openServerSession } from '../server-client'

const LAYER_KIND: Record<string, string> = { street: 'streets', compound: 'compounds', grid: 'grids', site: 'keySites' }
const KINDS = ['incidents', 'areas', 'cameras', 'stations', 'checkpoints', 'roads', 'buildings', 'population']

function printReport(file: string, report: ImportReport, log: Log): void {
  for (const e of report.errors) log.warn(`${file}: ${e}`)
  for (const w of report.warnings) log.info(`${file}: ${w}`)
  for (const rej of report.rejected.slice(0, 20)) log.warn(`${file}:${rej.line}: ${rej.reason}${rej.detail ? ` (${rej.detail})` : ''}`)
  if (report.rejectedCount > 20) log.warn(`… and ${report.rejectedCount - 20} more rejected (--report FILE lists them all)`)
}

export const loadCommand: Command = {
  name: 'load',
  summary: 'Load a file into the server (npm run server): same checks and report as the app\'s import.',
  positional: 'FILE',
  flags: [
    { ...SERVER_FLAGS[0], required: true },
    ...SERVER_FLAGS.slice(1),
    { name: 'kind', type: 'string', arg: KINDS.join('|'), required: true, desc: 'what the file holds' },
    { name: 'layer', type: 'string', arg: 'street|compound|grid|site', desc: 'areas: the layer the file replaces (required); population: the layer it applies to (default all)' },
    { name: 'crs', type: 'string', arg: 'wgs84|gcj02|bd09', desc: 'coordinate system of the file, converted to WGS-84 (default: detected against the district\'s areas, as the app\'s import does)' },
    { name: 'encoding', type: 'string', arg: 'auto|utf8|gbk', desc: 'text encoding (default auto)' },
    { name: 'category-map', type: 'string', arg: 'LABEL=CAT,...', desc: 'incident category labels, e.g. HOMICIDE=criminal' },
    { name: 'report', type: 'string', arg: 'FILE', desc: 'write the report as CSV: line,reason,detail' },
    ...AREA_FIELD_FLAGS,
  ],
  notes: `
The load is one transaction on the server: rows the import rejects are reported by line and
the rest stored; a load that fails or is stopped stores nothing. Loading the same file again
replaces rows by their ids and doubles nothing. Incidents are assigned to their areas of every
layer as they are stored, with the same edge rule as join; an area file re-assigns the
district's incidents to the new layer. Needs an admin account.`,
  async run(v: FlagValues, log: Log) {
    const files = (v._ as string[] | undefined) ?? []
    if (files.length !== 1) throw new CliError('give exactly one FILE to load', 2)
    const [path] = files
    const kindFlag = requireFlag('kind', v.kind as string | undefined)
    if (!KINDS.includes(kindFlag)) throw new CliError(`--kind must be one of ${KINDS.join(', ')} (got "${kindFlag}")`, 2)
    const layer = v.layer as string | undefined
    if (layer !== undefined && !(layer in LAYER_KIND)) throw new CliError(`--layer must be street, compound, grid or site (got "${layer}")`, 2)
    if (kindFlag === 'areas' && !layer) throw new CliError('--kind areas needs --layer', 2)
    const kind = kindFlag === 'areas' ? LAYER_KIND[layer!] : kindFlag
    let size: number
    try {
      size = statSync(path).size
    } catch (e) {
      throw new CliError(`${path}: cannot read (${errorMessage(e)})`)
    }

    const session = await openServerSession(v, requireFlag('server', v.server as string | undefined))
    const { district } = session

    const q = new URLSearchParams({ kind, name: basename(path) })
    if (v.crs) q.set('crs', v.crs as string)
    if (v.encoding) q.set('encoding', v.encoding as string)
    if (v['category-map']) q.set('categories', v['category-map'] as string)
    if (layer && kind === 'population') q.set('layer', layer)
    const fields = (['id', 'name', 'population'] as const).filter((f) => v[`${f}-field`]).map((f) => `${f}=${v[`${f}-field`] as string}`)
    if (fields.length) q.set('fields', fields.join(','))
    const writeReport = (r: ImportReport | undefined) => { if (v.report && r) writeFileSync(v.report as string, reportToCsv(r)) }
    let result: { report: ImportReport; stored: Record<string, number> }
    try {
      result = await session.call(`/api/districts/${district.id}/load?${q}`, {
        method: 'POST', headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
        body: Readable.toWeb(createReadStream(path)) as ReadableStream, duplex: 'half',
      }) as typeof result
    } catch (err) {
      const report = (err as { report?: ImportReport }).report
      if (report) printReport(path, report, log)
      writeReport(report)
      throw err
    }
    printReport(path, result.report, log)
    writeReport(result.report)
    const stored = Object.entries(result.stored).map(([k, n]) => `${n} ${k}`).join(', ')
    log.info(`${path}: ${result.report.rowsRead} read, ${result.report.rowsKept} kept, ${result.report.rejectedCount} rejected; stored in ${district.code}: ${stored}`)
  },
}
