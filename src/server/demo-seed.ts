/**
 * An empty database gets the demo district (geodata/demo), the same files the browser-only
 * app embeds: its areas, incidents (from incidents.cols, the binary columns the app reads),
 * cameras, stations, checkpoints, roads and buildings. One transaction: a start interrupted
 * while seeding seeds again next time.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type pg from 'pg'
import { REPO_ROOT } from '../cli/repo-root'
import { decodeIncidentColumns } from '../io/incident-columns-file'
import { readCamerasCsv } from '../io/cameras-csv'
import type { AreaLayer } from './assign-areas'
import { loadAreaLayer } from './load-areas'
import { loadCameras, loadFeatureLayer, type FeatureTable } from './load-features'
import { loadIncidents } from './load-incidents'

export const DEMO_DIR = join(REPO_ROOT, 'geodata/demo')
export const DEMO_CODE = 'demo'
/** The demo district's name as the header shows it, like the browser-only app's subtitle. */
export const DEMO_NAME = '潍城区 · 演示数据'

export const DEMO_AREA_FILES: [AreaLayer, string][] = [['street', 'streets.geojson'], ['compound', 'compounds.geojson'], ['site', 'key_sites.geojson']]
const FEATURE_FILES: [FeatureTable, string][] = [['stations', 'stations.geojson'], ['checkpoints', 'checkpoints.geojson'], ['roads', 'roads.geojson'], ['buildings', 'buildings.geojson']]

const readJson = (file: string) => JSON.parse(readFileSync(join(DEMO_DIR, file), 'utf8'))

/** Seeds the demo when the database has no district; returns whether it did. */
export async function seedDemoIfEmpty(c: pg.ClientBase, log: (s: string) => void = () => {}): Promise<boolean> {
  const { rows } = await c.query<{ n: number }>('select count(*)::int as n from districts')
  if (rows[0].n > 0) return false
  // a district's name is data a command centre types in Chinese; the generator's meta.json name mixes in English
  const { rows: [d] } = await c.query<{ id: number }>('insert into districts (code, name) values ($1, $2) returning id', [DEMO_CODE, DEMO_NAME])
  for (const [layer, file] of DEMO_AREA_FILES) await loadAreaLayer(c, d.id, layer, readJson(file))
  const buf = readFileSync(join(DEMO_DIR, 'incidents.cols'))
  const { columns } = decodeIncidentColumns(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength))
  await loadIncidents(c, d.id, columns)
  await loadCameras(c, d.id, readCamerasCsv(readFileSync(join(DEMO_DIR, 'cameras.csv'), 'utf8'), 'cameras.csv').cameras)
  for (const [table, file] of FEATURE_FILES) await loadFeatureLayer(c, d.id, table, readJson(file), { fileName: file })
  log(`seeded the demo district: ${columns.count} incidents`)
  return true
}
