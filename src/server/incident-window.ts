/**
 * The incidents of a time window (and optionally a bounding box) as the app's binary columns
 * (io/incident-columns-file.ts), the layout it already reads for the demo, so the browser's
 * reader, GPU filters and workers take the server's answer unchanged. Rows in time order.
 */
import type pg from 'pg'
import type { IncidentColumns } from '../core/incidents'
import { emptyReport } from '../io/import-report'
import { encodeIncidentColumns } from '../io/incident-columns-file'

export interface WindowQuery {
  districtId: number
  /** epoch ms, inclusive */
  from?: number
  /** epoch ms, exclusive */
  to?: number
  /** [west, south, east, north], WGS-84 */
  bbox?: [number, number, number, number]
}

function pack(strings: string[]): { bytes: Uint8Array; offsets: Uint32Array } {
  const enc = new TextEncoder()
  const parts = strings.map((s) => enc.encode(s))
  const offsets = new Uint32Array(strings.length + 1)
  for (let i = 0; i < parts.length; i++) offsets[i + 1] = offsets[i] + parts[i].length
  const bytes = new Uint8Array(offsets[strings.length])
  parts.forEach((p, i) => bytes.set(p, offsets[i]))
  return { bytes, offsets }
}

export async function incidentWindow(c: pg.ClientBase, q: WindowQuery): Promise<IncidentColumns> {
  const b = q.bbox
  const { rows } = await c.query<[string, number, number, string, string, number, number, number | null]>({
    rowMode: 'array',
    text: `
      select source_id, (extract(epoch from time) * 1000)::float8, category, subtype, address, lon, lat,
        (extract(epoch from time_to) * 1000)::float8
      from incidents
      where district_id = $1
        and ($2::float8 is null or time >= to_timestamp($2::float8 / 1000))
        and ($3::float8 is null or time < to_timestamp($3::float8 / 1000))
        and ($4::float8 is null or geom && ST_MakeEnvelope($4, $5, $6, $7, 4326))
      order by time, id`,
    values: [q.districtId, q.from ?? null, q.to ?? null, b?.[0] ?? null, b?.[1] ?? null, b?.[2] ?? null, b?.[3] ?? null],
  })
  const n = rows.length
  const lon = new Float64Array(n), lat = new Float64Array(n), time = new Float64Array(n)
  // only when some row has a window: a column of NaN would make every time analysis look for windows
  const timeTo = rows.some((r) => r[7] !== null) ? new Float64Array(n).fill(NaN) : undefined
  const category = new Uint8Array(n), subtype = new Uint16Array(n)
  const subtypes: string[] = []
  const subtypeCode = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const r = rows[i]
    time[i] = r[1]
    category[i] = r[2]
    let code = subtypeCode.get(r[3])
    if (code === undefined) {
      code = subtypes.length
      subtypes.push(r[3])
      subtypeCode.set(r[3], code)
    }
    subtype[i] = code
    lon[i] = r[5]
    lat[i] = r[6]
    if (timeTo && r[7] !== null) timeTo[i] = r[7]
  }
  return {
    count: n, lon, lat, time, category, subtype, subtypes, ...(timeTo ? { timeTo } : {}),
    id: pack(rows.map((r) => r[0])),
    address: pack(rows.map((r) => r[4])),
  }
}

/** The window as a `.cols` file, with a report that says where it came from. */
export function encodeWindow(columns: IncidentColumns): Uint8Array {
  const report = emptyReport('incidents-server', 'server')
  report.rowsRead = report.rowsKept = columns.count
  return encodeIncidentColumns(columns, report)
}
