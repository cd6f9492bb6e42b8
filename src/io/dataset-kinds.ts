/**
 * The kinds of data a user can import (src/ARCHITECTURE.md, "Data contracts"), what geometry each holds and
 * in which file formats it may come. One dataset per kind is loaded at a time.
 */
import type { Crs } from './coords'

export const DATASET_KINDS = [
  'streets', 'compounds', 'grids', 'keySites', 'incidents', 'cameras', 'population', 'stations', 'checkpoints', 'buildings', 'roads', 'tracks',
] as const
export type DatasetKind = (typeof DATASET_KINDS)[number]

export function isDatasetKind(x: unknown): x is DatasetKind {
  return typeof x === 'string' && (DATASET_KINDS as readonly string[]).includes(x)
}

/** What one record of the kind is: an area polygon, a point, a line, or a table row without geometry. */
export type GeometryClass = 'polygon' | 'point' | 'line' | 'table'

export const KIND_GEOMETRY: Readonly<Record<DatasetKind, GeometryClass>> = {
  streets: 'polygon', compounds: 'polygon', grids: 'polygon', keySites: 'polygon', buildings: 'polygon',
  roads: 'line',
  incidents: 'point', cameras: 'point', stations: 'point', checkpoints: 'point',
  // GPS/BeiDou fixes of patrol units (issue 26): rows with lon/lat, but a unit's track, not a point layer
  population: 'table', tracks: 'table',
}

/** Kinds whose rows carry lon/lat columns: their coordinate system is detected and converted. */
export function hasLonLatColumns(kind: DatasetKind): boolean {
  return KIND_GEOMETRY[kind] === 'point' || kind === 'tracks'
}

/** Area kinds: polygons with id, name, optional parent_id and population. */
export const AREA_KINDS = ['streets', 'compounds', 'grids', 'keySites'] as const satisfies readonly DatasetKind[]
export type AreaKind = (typeof AREA_KINDS)[number]

export type FileFormat = 'csv' | 'xlsx' | 'geojson' | 'shapefile'

/** Formats accepted per geometry class: points come as tables or GeoJSON, shapes only as GeoJSON or shapefile. */
export const FORMATS_BY_GEOMETRY: Readonly<Record<GeometryClass, readonly FileFormat[]>> = {
  polygon: ['geojson', 'shapefile'],
  line: ['geojson', 'shapefile'],
  point: ['csv', 'xlsx', 'geojson', 'shapefile'],
  table: ['csv', 'xlsx'],
}

export type EncodingChoice = 'auto' | 'utf8' | 'gbk'
export type CrsChoice = 'auto' | Crs
