/**
 * Point, line and polygon layers without analytics of their own (stations, checkpoints, roads,
 * buildings) and the camera network, into the database. Validated by the app's import code
 * (src/io) with its per-row report; a file replaces the district's layer. Run inside the
 * caller's transaction.
 */
import type { FeatureCollection, Geometry } from 'geojson'
import type pg from 'pg'
import { CAMERA_CLASSES, CAMERA_STATUSES, CAMERA_TYPES, headingUnknown, type CameraColumns } from '../core/cameras'
import type { ImportReport } from '../io/import-report'
import { validateFeatures } from '../io/feature-validate'
import type { Crs } from '../io/coords'

export const FEATURE_TABLES = ['stations', 'checkpoints', 'roads', 'buildings'] as const
export type FeatureTable = (typeof FEATURE_TABLES)[number]

export async function loadFeatureLayer(c: pg.ClientBase, districtId: number, table: FeatureTable, input: FeatureCollection<Geometry | null>, opts: { crs?: Crs; fileName?: string } = {}): Promise<{ features: number; report: ImportReport }> {
  const { fc, report } = validateFeatures(table, input, { crs: opts.crs ?? 'wgs84', fileName: opts.fileName })
  if (fc.features.length === 0) return { features: 0, report }
  // `table` is one of FEATURE_TABLES (a fixed list), never text from a request
  if (!(FEATURE_TABLES as readonly string[]).includes(table)) throw new Error(`not a feature table: ${table}`)
  await c.query(`delete from ${table} where district_id = $1`, [districtId])
  const geometries = fc.features.map((f) => JSON.stringify(f.geometry))
  await c.query(`
    insert into ${table} (district_id, ord, properties, geometry, geom)
    select $1, u.ord, u.properties, u.geometry, ST_GeomFromGeoJSON(u.geometry::text)
    from unnest($2::int[], $3::jsonb[], $4::jsonb[]) as u (ord, properties, geometry)`,
  [districtId, fc.features.map((_, i) => i), fc.features.map((f) => JSON.stringify(f.properties ?? {})), geometries])
  return { features: fc.features.length, report }
}

/** One camera's fields besides its position, by name, as the camera file spells them. */
function cameraProperties(cam: CameraColumns, i: number): Record<string, unknown> {
  const num = (v: number) => (Number.isNaN(v) ? null : v)
  return {
    type: CAMERA_TYPES[cam.type[i]], azimuth: headingUnknown(cam, i) ? null : cam.azimuth[i], fov: cam.fov[i], range: cam.range[i],
    class: CAMERA_CLASSES[cam.cls[i]], status: CAMERA_STATUSES[cam.status[i]],
    focal_mm: num(cam.focalMm[i]), sensor_mm: num(cam.sensorMm[i]), resolution_px: num(cam.hRes[i]), range_source: cam.rangeSource[i],
  }
}

/** The camera network (read by io/cameras-csv.ts) replaces the district's cameras. */
export async function loadCameras(c: pg.ClientBase, districtId: number, cam: CameraColumns): Promise<{ cameras: number }> {
  await c.query(`
    insert into cameras (district_id, source_id, lon, lat, properties)
    select $1, u.source_id, u.lon, u.lat, u.properties
    from unnest($2::text[], $3::float8[], $4::float8[], $5::jsonb[]) as u (source_id, lon, lat, properties)
    on conflict (district_id, source_id) do update set lon = excluded.lon, lat = excluded.lat, properties = excluded.properties`,
  [districtId, cam.ids, Array.from(cam.lon), Array.from(cam.lat), cam.ids.map((_, i) => JSON.stringify(cameraProperties(cam, i)))])
  await c.query('delete from cameras where district_id = $1 and not (source_id = any ($2::text[]))', [districtId, cam.ids])
  return { cameras: cam.count }
}
