import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import type { FeatureCollection } from 'geojson'
import { isCrs, type Crs } from '../../io/coords'
import { DATASET_KINDS, isDatasetKind, type DatasetKind, type EncodingChoice } from '../../io/dataset-kinds'
import { previewImport, runImport, type ImportReference, type ImportSource } from '../../io/dataset-import'
import { exportFormats, exportPayload, type ExportFormat } from '../../io/dataset-file-export'
import { featuresBbox } from '../../io/dataset-bbox'
import { reportToCsv } from '../../io/import-report'
import { CliError, parseCategoryMap, requireFlag, type Log } from '../cli-io'
import { REPO_ROOT } from '../repo-root'
import type { Command, FlagValues } from '../command'
import { errorMessage } from '../../core/text-format'

const KIND_NAMES = ['areas', ...DATASET_KINDS] as const

/** A file on disk as an import source: streamed in 1 MiB chunks, never read twice for big files. */
export function sourceFromFile(path: string): ImportSource {
  const size = statSync(path).size
  return {
    name: basename(path),
    size,
    async head(n) {
      const fd = openSync(path, 'r')
      try {
        const buf = new Uint8Array(Math.min(n, size))
        const got = readSync(fd, buf, 0, buf.length, 0)
        return buf.subarray(0, got)
      } finally {
        closeSync(fd)
      }
    },
    bytes: async () => new Uint8Array(readFileSync(path)),
    async *chunks() {
      for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) yield new Uint8Array(chunk as Buffer)
    },
  }
}

/** The demo district (geodata/demo) is what --crs auto checks against when no --reference is given. */
function demoReference(): ImportReference {
  const demo = join(REPO_ROOT, 'geodata/demo')
  const read = (f: string) => JSON.parse(readFileSync(join(demo, f), 'utf8')) as FeatureCollection
  return { areas: read('compounds.geojson'), bbox: featuresBbox(read('streets.geojson')) }
}

function referenceFrom(path: string | undefined): ImportReference {
  if (!path) return demoReference()
  let fc: FeatureCollection
  try {
    fc = JSON.parse(readFileSync(path, 'utf8')) as FeatureCollection
  } catch (e) {
    throw new CliError(`${path}: cannot read the reference areas (${errorMessage(e)})`)
  }
  return { areas: fc, bbox: featuresBbox(fc) }
}

function parseMap(value: string | undefined, header: string[]): Record<string, number> {
  const out: Record<string, number> = {}
  if (!value) return out
  for (const pair of value.split(',')) {
    const eq = pair.indexOf('=')
    const field = pair.slice(0, eq).trim()
    const column = pair.slice(eq + 1).trim()
    const k = header.findIndex((h) => h.trim().toLowerCase() === column.toLowerCase())
    if (eq < 1 || k < 0) throw new CliError(`--map: "${pair}" is not FIELD=COLUMN with a column of the file (columns: ${header.join(', ')})`, 2)
    out[field] = k
  }
  return out
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a file before importing it: every rejected row with its reason, the good rows normalised to WGS-84',
  positional: 'FILE',
  flags: [
    { name: 'kind', type: 'string', arg: KIND_NAMES.join('|'), required: true, desc: 'what the file holds (areas = any area layer: streets, compounds, grids, key sites)' },
    { name: 'crs', type: 'string', arg: 'auto|wgs84|gcj02|bd09', desc: 'coordinate system of the file (default auto: detected by checking the file against --reference)' },
    { name: 'encoding', type: 'string', arg: 'auto|utf8|gbk', desc: 'text encoding of CSV / GeoJSON (default auto: UTF-8 unless the bytes are not, then GB18030)' },
    { name: 'report', type: 'string', arg: 'FILE', desc: 'write the report as CSV: line,reason,detail (file-level errors as line 0)' },
    { name: 'out', type: 'string', arg: 'FILE.csv|FILE.geojson', desc: 'write the good rows in the contract of src/ARCHITECTURE.md, WGS-84 (CSV for points and population, GeoJSON for any kind)' },
    { name: 'reference', type: 'string', arg: 'FILE', desc: 'areas (GeoJSON, WGS-84) that --crs auto checks against (default: the demo district)' },
    { name: 'map', type: 'string', arg: 'FIELD=COLUMN,...', desc: 'column mapping where the header names are not recognised, e.g. time=受理时间,lon=X坐标' },
    { name: 'category-map', type: 'string', arg: 'LABEL=CAT,...', desc: 'incident category labels, e.g. 盗窃=criminal (built-in: 刑事/治安/消防/火警/问题隐患 and English names)' },
    { name: 'reject-unknown-category', type: 'boolean', desc: 'reject incident rows whose category is not known (default: keep them as other, and count them)' },
  ],
  notes: `
Reads GeoJSON (also DataV arrays of features), CSV, Excel .xlsx and zipped shapefiles.
Line numbers in the report are the file's own: the CSV line where the row starts (header = 1),
the sheet row of an .xlsx, the feature number (1-based) of GeoJSON and shapefiles.
Reasons: missing_coordinates, bad_coordinates, coordinates_out_of_range, bad_time, bad_column_count,
missing_id, duplicate_id, unterminated_quote, bad_population, unknown_category, no_geometry,
wrong_geometry_type, invalid_geometry, self_intersection, bad_value, control_character.
Exit 0 when at least one row could be read (rejected rows are reported, not fatal); 1 when nothing
could (empty file, wrong file type, no usable column); 2 for a wrong command line.`,
  async run(v: FlagValues, log: Log) {
    const files = (v._ as string[] | undefined) ?? []
    if (files.length !== 1) throw new CliError('give exactly one FILE to validate', 2)
    const [path] = files
    const kindName = requireFlag('kind', v.kind as string | undefined)
    if (!(KIND_NAMES as readonly string[]).includes(kindName)) throw new CliError(`--kind must be one of ${KIND_NAMES.join(', ')} (got "${kindName}")`, 2)
    const kind: DatasetKind = kindName === 'areas' ? 'streets' : (kindName as DatasetKind)
    if (!isDatasetKind(kind)) throw new CliError(`unknown kind ${kindName}`, 2)
    const crsFlag = ((v.crs as string | undefined) ?? 'auto').toLowerCase()
    if (crsFlag !== 'auto' && !isCrs(crsFlag)) throw new CliError(`--crs must be auto, wgs84, gcj02 or bd09 (got "${crsFlag}")`, 2)
    const encoding = ((v.encoding as string | undefined) ?? 'auto').toLowerCase() as EncodingChoice
    if (!['auto', 'utf8', 'gbk'].includes(encoding)) throw new CliError(`--encoding must be auto, utf8 or gbk (got "${encoding}")`, 2)
    const out = v.out as string | undefined
    const outFormat: ExportFormat | null = out ? (/\.csv$/i.test(out) ? 'csv' : /\.(geo)?json$/i.test(out) ? 'geojson' : null) : null
    if (out && !outFormat) throw new CliError(`--out must end in .csv or .geojson (got "${out}")`, 2)
    let source: ImportSource
    try {
      source = sourceFromFile(path)
    } catch (e) {
      throw new CliError(`${path}: ${errorMessage(e)}`)
    }

    const preview = await previewImport(source, kind, { encoding, reference: crsFlag === 'auto' ? referenceFrom(v.reference as string | undefined) : undefined })
    const writeReport = (csv: string) => { if (v.report) writeFileSync(v.report as string, csv) }
    if ('error' in preview) {
      writeReport(`line,reason,detail\r\n0,file_error,${JSON.stringify(preview.error)}\r\n`)
      throw new CliError(preview.error)
    }
    const mapping = { ...preview.mapping, ...parseMap(v.map as string | undefined, preview.header) }
    let crs: Crs
    if (crsFlag === 'auto') {
      crs = preview.crs.crs
      const scores = preview.crs.scores.map((s) => `${s.crs} ${s.score.toFixed(3)}`).join(', ')
      log.info(`${source.name}: coordinate system ${preview.crs.confident ? 'detected' : 'not detected, read'} as ${crs} (${preview.crs.method}${scores ? `: ${scores}` : ''})`)
    } else crs = crsFlag as Crs
    const outcome = await runImport(source, {
      kind, encoding, crs, mapping,
      categories: parseCategoryMap(v['category-map'] as string | undefined),
      unknownCategory: v['reject-unknown-category'] ? 'reject' : 'other',
    })
    const r = outcome.report
    r.crs.detection = crsFlag !== 'auto' ? 'chosen' : preview.crs.confident ? 'detected' : 'undetected'
    writeReport(reportToCsv(r, { info: true }))
    if (r.encoding) log.info(`${source.name}: text encoding ${r.encoding.name}${r.encoding.detected ? ' (detected)' : ''}`)
    for (const w of r.warnings) log.info(`${source.name}: ${w}`)
    for (const rej of r.rejected.slice(0, 20)) log.warn(`${source.name}:${rej.line}: ${rej.reason}${rej.detail ? ` (${rej.detail})` : ''}`)
    if (r.rejectedCount > 20) log.warn(`… and ${r.rejectedCount - 20} more rejected${v.report ? ` (all in ${v.report as string})` : ''}`)
    const byReason = Object.entries(r.rejectedByReason).map(([k, n]) => `${k} ${n}`).join(', ')
    log.info(`${source.name}: ${r.rowsRead} read, ${outcome.count} kept, ${r.rejectedCount} rejected${byReason ? ` (${byReason})` : ''}; ${crs === 'wgs84' ? 'WGS-84' : `converted from ${crs} to WGS-84`}`)
    if (!outcome.payload) throw new CliError(`${source.name}: nothing could be read${r.errors.length ? `: ${r.errors.join('; ')}` : ''}`)
    if (out && outFormat) {
      if (!exportFormats(outcome.payload).includes(outFormat)) throw new CliError(`${kindName} cannot be written as ${extname(out)}: use .geojson`, 2)
      writeFileSync(out, exportPayload(outcome.payload, outFormat).parts.join(''))
    }
  },
}
