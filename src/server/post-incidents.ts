/**
 * Incidents posted one or a few at a time (the police platform's connector, an admin): JSON
 * objects or CSV lines of the incident contract, read by the same reader as every import
 * (src/io/incidents-csv.ts) so the same rules reject a bad row, each reported by its index (JSON)
 * or line (CSV) with the field; the good rows are stored with their areas (the core's join, as a
 * load assigns them) and a source id the district already has is left as it is, so a
 * connector that posts again after a timeout stores nothing twice.
 *
 * Text fields take no markup or control characters (an alert's id, subtype and address are
 * shown on walls and written to reports); quotes and SQL-looking text are plain text to the
 * parameterised statements and are kept as sent.
 */
import type pg from 'pg'
import { packedString, type IncidentColumns } from '../core/incidents'
import { INCIDENT_FIELDS, readIncidentsCsv } from '../io/incidents-csv'
import { csvCell, type RejectReason } from '../io/import-report'
import { AREA_LAYERS, assignPoints, readLayer, type AreaLayer, type StoredLayer } from './assign-areas'
import { prepareIncidentInsert } from './incident-partitions'

/** rows one request may carry */
export const MAX_POSTED_ROWS = 5000
/** longest id, subtype or address */
const MAX_TEXT = 500

export interface PostRejection {
  /** JSON: the object's position in the array (0 for a single object) */
  index?: number
  /** CSV: the line in the body (1-based, the header counted when sent) */
  line?: number
  reason: RejectReason
  field?: string
  detail?: string
}

export interface PostOutcome {
  /** rows new to the district */
  inserted: number
  /** rows whose source id the district (or an earlier row of the request) already had */
  duplicates: number
  rejected: PostRejection[]
}

export class PostRefused extends Error {
  constructor(message: string, readonly statusCode = 400) {
    super(message)
  }
}

const FIELD_OF: Partial<Record<RejectReason, string>> = {
  missing_coordinates: 'lon,lat', bad_coordinates: 'lon,lat', coordinates_out_of_range: 'lon,lat',
  bad_time: 'time', missing_id: 'id', duplicate_id: 'id', unknown_category: 'category',
}
// markup, and characters that have no place in one line of text
const BAD_TEXT = /[<>\u0000-\u001f\u007f\u2028\u2029]/
const HEADER = INCIDENT_FIELDS.join(',')

interface Parsed {
  /** the contract's CSV, header first; line k+1 of it holds source row `at[k]` (blank when refused) */
  csv: string
  /** body line (CSV) or index (JSON) of each line after the header */
  at: number[]
  json: boolean
  rejected: PostRejection[]
}

function textProblem(v: string): string | null {
  if (v.length > MAX_TEXT) return `longer than ${MAX_TEXT} characters`
  if (BAD_TEXT.test(v)) return 'markup or control characters'
  return null
}

function fromJson(body: unknown): Parsed {
  const list = Array.isArray(body) ? body : [body]
  if (list.length > MAX_POSTED_ROWS) throw new PostRefused(`at most ${MAX_POSTED_ROWS} incidents per request (got ${list.length})`, 413)
  const lines: string[] = [HEADER], at: number[] = [], rejected: PostRejection[] = []
  list.forEach((o, index) => {
    at.push(index)
    const refuse = (field: string | undefined, detail: string) => {
      rejected.push({ index, reason: 'bad_value', ...(field ? { field } : {}), detail })
      lines.push('')
    }
    if (typeof o !== 'object' || o === null || Array.isArray(o)) return refuse(undefined, 'not an object')
    const r = o as Record<string, unknown>
    const cells: string[] = []
    for (const field of INCIDENT_FIELDS) {
      let v = r[field]
      if (v === undefined || v === null) v = ''
      const numeric = field === 'lon' || field === 'lat' || field === 'time'
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) return refuse(field, 'not a finite number')
        if (field === 'time') v = new Date(v).toISOString()
      } else if (typeof v !== 'string') return refuse(field, `a ${Array.isArray(v) ? 'list' : typeof v}, not ${numeric ? 'a number or text' : 'text'}`)
      const s = String(v)
      const problem = textProblem(s)
      if (problem) return refuse(field, problem)
      cells.push(csvCell(s, false))
    }
    lines.push(cells.join(','))
  })
  return { csv: lines.join('\n') + '\n', at, json: true, rejected }
}

function fromCsv(text: string): Parsed {
  const body = text.replace(/^\ufeff/, '').split(/\r?\n/)
  if (body.length && body[body.length - 1] === '') body.pop()
  const hasHeader = body.length > 0 && /^\s*"?id"?\s*,/i.test(body[0])
  const rows = body.length - (hasHeader ? 1 : 0)
  if (rows > MAX_POSTED_ROWS) throw new PostRefused(`at most ${MAX_POSTED_ROWS} incidents per request (got ${rows} lines)`, 413)
  const lines: string[] = [hasHeader ? body[0] : HEADER], at: number[] = [], rejected: PostRejection[] = []
  for (let k = hasHeader ? 1 : 0; k < body.length; k++) {
    const line = body[k], n = k + 1
    at.push(n)
    // one incident per line: an odd number of quotes means a cell runs on to the next line
    const problem = textProblem(line) ?? ((line.split('"').length - 1) % 2 === 1 ? 'a quoted cell running over more than one line' : null)
    if (problem) {
      rejected.push({ line: n, reason: 'bad_value', detail: problem })
      lines.push('')
    } else lines.push(line)
  }
  return { csv: lines.join('\n') + '\n', at, json: false, rejected }
}

/** The body as the contract's CSV; throws PostRefused for a body that is no incident list at all. */
export function parsePosted(body: unknown, contentType: string): Parsed {
  if (/^text\/csv\b/i.test(contentType)) {
    if (typeof body !== 'string') throw new PostRefused('send the CSV lines as text')
    return fromCsv(body)
  }
  if (typeof body !== 'object' || body === null) throw new PostRefused('send a JSON object or an array of objects (or text/csv lines)')
  return fromJson(body)
}

/** Reads the parsed rows with the import's reader: the columns kept, every rejection by index or line. */
export function readPosted(p: Parsed): { columns: IncidentColumns; rejected: PostRejection[]; duplicates: number } {
  const { columns, report } = readIncidentsCsv(new TextEncoder().encode(p.csv), { fileName: 'posted', addresses: true })
  if (report.errors.length) throw new PostRefused(report.errors.join('; '))
  const rejected = [...p.rejected]
  let duplicates = 0
  for (const r of report.rejected) {
    // an id twice in one request is a repeat, stored once, as a repeat of a stored id is
    if (r.reason === 'duplicate_id') {
      duplicates++
      continue
    }
    const source = p.at[r.line - 2]
    const field = FIELD_OF[r.reason]
    rejected.push({ ...(p.json ? { index: source } : { line: source }), reason: r.reason, ...(field ? { field } : {}), ...(r.detail ? { detail: r.detail } : {}) })
  }
  rejected.sort((a, b) => (a.index ?? a.line ?? 0) - (b.index ?? b.line ?? 0))
  return { columns, rejected, duplicates }
}

// A district's areas read back and indexed, kept while the layer is unchanged (its row count
// and row versions): reading every layer for each alert would cost more than the alert.
const layers = new Map<string, { version: string; layer: StoredLayer }>()

async function storedLayers(c: pg.ClientBase, districtId: number): Promise<StoredLayer[]> {
  const { rows } = await c.query<{ layer: AreaLayer; version: string }>(
    `select layer, count(*) || ':' || coalesce(sum(xmin::text::int8), 0) || ':' || coalesce(max(id), 0) as version
     from areas where district_id = $1 group by layer`, [districtId])
  const versions = new Map(rows.map((r) => [r.layer, r.version]))
  const out: StoredLayer[] = []
  for (const layer of AREA_LAYERS) {
    const key = `${districtId}:${layer}`
    const version = versions.get(layer) ?? 'none'
    let hit = layers.get(key)
    if (!hit || hit.version !== version) {
      hit = { version, layer: await readLayer(c, districtId, layer) }
      layers.set(key, hit)
    }
    out.push(hit.layer)
  }
  return out
}

/** Inserts the rows the district does not hold yet, with their areas; inside the caller's transaction. */
export async function insertPosted(c: pg.ClientBase, districtId: number, cols: IncidentColumns): Promise<{ inserted: number; skipped: number }> {
  if (cols.count === 0) return { inserted: 0, skipped: 0 }
  const [street, compound, grid, site] = (await storedLayers(c, districtId)).map((l) =>
    Array.from(assignPoints(l, cols.lon, cols.lat, cols.count), (v) => (Number.isNaN(v) ? null : v)))
  await prepareIncidentInsert(c, cols.time, cols.count)
  const n = cols.count
  const pick = <T>(f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i))
  const { rowCount } = await c.query(`
    insert into incidents (district_id, source_id, time, category, subtype, address, lon, lat, street_id, compound_id, grid_id, site_id)
    select $1, u.source_id, to_timestamp(u.t_ms / 1000), u.category, u.subtype, u.address, u.lon, u.lat, u.street_id, u.compound_id, u.grid_id, u.site_id
    from unnest($2::text[], $3::float8[], $4::int2[], $5::text[], $6::text[], $7::float8[], $8::float8[], $9::int8[], $10::int8[], $11::int8[], $12::int8[])
      as u (source_id, t_ms, category, subtype, address, lon, lat, street_id, compound_id, grid_id, site_id)
    where not exists (select 1 from incident_keys k where k.district_id = $1 and k.source_id = u.source_id)`, [
    districtId, pick((i) => packedString(cols.id, i)), Array.from(cols.time), Array.from(cols.category),
    pick((i) => cols.subtypes[cols.subtype[i]] ?? ''), pick((i) => packedString(cols.address, i)),
    Array.from(cols.lon), Array.from(cols.lat), street, compound, grid, site,
  ])
  return { inserted: rowCount ?? 0, skipped: n - (rowCount ?? 0) }
}
