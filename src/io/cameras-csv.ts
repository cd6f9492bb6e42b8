import Papa from 'papaparse'
import { CAMERA_CLASSES, CAMERA_DEFAULTS, CAMERA_TYPES, type CameraColumns, type CameraType } from '../core/cameras'
import { addRejected, emptyReport, type ImportReport, type RejectReason } from './import-report'

const REQUIRED = ['id', 'lon', 'lat'] as const

function num(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '') return null
  const x = Number(v)
  return Number.isFinite(x) ? x : NaN
}

/**
 * Reads the camera contract `id,lon,lat,type,azimuth,fov,range[,class,status]`.
 * A camera network is thousands of rows, not millions, so papaparse on the UI side is fine;
 * what matters is that every rejected row is named and every default is reported.
 */
export function readCamerasCsv(text: string, fileName?: string): { cameras: CameraColumns; report: ImportReport } {
  const report = emptyReport('cameras')
  report.fileName = fileName
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    // blank lines are skipped below, not by papaparse, so that row index i stays line i + 2
    skipEmptyLines: false,
    transformHeader: (h) => h.trim().toLowerCase(),
  })
  const fields = parsed.meta.fields ?? []
  const missing = REQUIRED.filter((f) => !fields.includes(f))
  const ids: string[] = []
  const cols = { lon: [] as number[], lat: [] as number[], azimuth: [] as number[], fov: [] as number[], range: [] as number[], type: [] as number[], cls: [] as number[], status: [] as number[] }
  if (missing.length > 0) {
    report.errors.push(`missing column(s): ${missing.join(', ')}`)
  } else {
    const seen = new Set<string>()
    const defaulted: Record<string, number> = {}
    const reject = (line: number, reason: RejectReason, detail?: string) => addRejected(report, line, reason, detail)
    parsed.data.forEach((row, i) => {
      // line numbers are 1-based and count the header; quoted newlines are rare in camera files
      const line = i + 2
      if (Object.values(row).flat().every((v) => String(v ?? '').trim() === '')) return
      report.rowsRead++
      const id = (row.id ?? '').trim()
      const lon = num(row.lon)
      const lat = num(row.lat)
      if (lon === null || lat === null || Number.isNaN(lon) || Number.isNaN(lat)) return reject(line, 'missing_coordinates')
      if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return reject(line, 'coordinates_out_of_range', `${lon},${lat}`)
      if (id === '') return reject(line, 'missing_id')
      if (seen.has(id)) return reject(line, 'duplicate_id', id)
      const typeLabel = (row.type ?? '').trim().toLowerCase()
      const typeIdx = CAMERA_TYPES.indexOf(typeLabel as CameraType)
      const type: CameraType = typeIdx >= 0 ? CAMERA_TYPES[typeIdx] : 'bullet'
      if (typeIdx < 0) defaulted['type→bullet'] = (defaulted['type→bullet'] ?? 0) + 1
      const take = (key: 'azimuth' | 'fov' | 'range', fallback: number, min: number, max: number) => {
        const v = num(row[key])
        if (v === null || Number.isNaN(v) || v < min || v > max) {
          defaulted[key] = (defaulted[key] ?? 0) + 1
          return fallback
        }
        return v
      }
      seen.add(id)
      ids.push(id)
      cols.lon.push(lon)
      cols.lat.push(lat)
      cols.azimuth.push(take('azimuth', 0, 0, 360))
      cols.fov.push(take('fov', CAMERA_DEFAULTS[type].fov, 1, 360))
      cols.range.push(take('range', CAMERA_DEFAULTS[type].range, 1, 5000))
      cols.type.push(CAMERA_TYPES.indexOf(type))
      // an unknown class label takes the default B, as a blank one does (it used to become A)
      const clsIdx = CAMERA_CLASSES.indexOf(((row.class ?? 'B').trim().toUpperCase() || 'B') as 'A' | 'B')
      if (clsIdx < 0) defaulted['class→B'] = (defaulted['class→B'] ?? 0) + 1
      cols.cls.push(clsIdx >= 0 ? clsIdx : CAMERA_CLASSES.indexOf('B'))
      cols.status.push((row.status ?? '').trim().toLowerCase() === 'offline' ? 1 : 0)
    })
    for (const [key, n] of Object.entries(defaulted)) report.warnings.push(`${n} row(s) took the default ${key}`)
  }
  report.rowsKept = ids.length
  const cameras: CameraColumns = {
    count: ids.length,
    ids,
    lon: Float64Array.from(cols.lon),
    lat: Float64Array.from(cols.lat),
    azimuth: Float32Array.from(cols.azimuth),
    fov: Float32Array.from(cols.fov),
    range: Float32Array.from(cols.range),
    type: Uint8Array.from(cols.type),
    cls: Uint8Array.from(cols.cls),
    status: Uint8Array.from(cols.status),
  }
  return { cameras, report }
}
