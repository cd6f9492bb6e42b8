/**
 * Two small hand-checkable districts: each a 2×1 row of unit squares (west W, east E) and a
 * few incidents, one of them exactly on the shared edge (the core's rule puts it in E, the
 * area east of the edge). Loaded with the server's own loaders.
 */
import type pg from 'pg'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { loadAreaLayer } from '../../src/server/load-areas'
import { loadIncidents } from '../../src/server/load-incidents'

export const square = (id: string, name: string, x: number) => ({
  type: 'Feature',
  properties: { id, name },
  geometry: { type: 'Polygon', coordinates: [[[x, 30], [x + 1, 30], [x + 1, 31], [x, 31], [x, 30]]] },
})

export function incidentsCsv(rows: [string, string, number, number, string?][]): Uint8Array {
  const lines = ['id,time,category,subtype,lon,lat,address', ...rows.map(([id, cat, lon, lat, addr]) => `${id},2024-05-01T10:00:00,${cat},theft,${lon},${lat},${addr ?? ''}`)]
  return new TextEncoder().encode(lines.join('\n') + '\n')
}

export async function makeDistrict(c: pg.ClientBase, code: string, name: string, x0: number, incidents: [string, string, number, number, string?][]): Promise<number> {
  const { rows } = await c.query<{ id: number }>('insert into districts (code, name) values ($1, $2) returning id', [code, name])
  const id = rows[0].id
  await loadAreaLayer(c, id, 'street', { type: 'FeatureCollection', features: [square(`${code}-W`, 'west', x0), square(`${code}-E`, 'east', x0 + 1)] })
  await loadIncidents(c, id, readIncidentsCsv(incidentsCsv(incidents)).columns)
  return id
}
