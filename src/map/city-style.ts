/**
 * The city view's MapLibre style: the districts' ground and outlines, the incident hexagons
 * from the server's vector tiles coloured by density (per km²) in the heat palette, and the
 * districts' names. Everything arrives as arguments (the districts, the tile URL, the classes).
 */
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl'
import type { FeatureCollection } from 'geojson'
import { HEAT_COLORS } from './palette'
import { BASE, LABEL_FONT } from './theme'

export const CITY_HEX_LAYER = 'city-hexagons'
/** the tiles' layer name */
export const CITY_TILE_LAYER = 'incidents'
/** the zooms the server makes tiles for; MapLibre draws the last ones larger above */
export const TILE_MINZOOM = 8
/** the city map's view is clear of the left panels and the right column by this much */
export const CITY_PADDING = { top: 30, bottom: 70, left: 300, right: 330 }
const TILE_MAXZOOM = 13

export interface CityDistrictShape { id: number; name: string; bbox: readonly [number, number, number, number]; outline: GeoJSON.Geometry | null }

const rgb = ([r, g, b]: readonly number[]) => `rgb(${r},${g},${b})`

/** The heat colour of each class (lower bounds `breaks`), the densest class the palette's end. */
export function classColors(breaks: readonly number[]): string[] {
  const n = HEAT_COLORS.length
  // fewer classes than colours: spread over the ramp, the last at its end
  return breaks.map((_, i) => rgb(HEAT_COLORS[breaks.length === 1 ? n - 1 : Math.round((i * (n - 1)) / (breaks.length - 1))]))
}

/** The hexagons' fill colour: a step over the density (per km²) by the classes. */
export function hexFillColor(breaks: readonly number[]): ExpressionSpecification | string {
  const colors = classColors(breaks)
  if (breaks.length === 1) return colors[0]
  return ['step', ['to-number', ['get', 'density'], 0], colors[0], ...breaks.slice(1).flatMap((b, i) => [b, colors[i + 1]])] as ExpressionSpecification
}

export function outlinesOf(districts: readonly CityDistrictShape[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: districts.flatMap((d) => (d.outline ? [{ type: 'Feature' as const, id: d.id, properties: { id: d.id, name: d.name }, geometry: d.outline }] : [])),
  }
}

/** One name per district at its box's centre: outlines of a real county are too ragged for MapLibre's own placement. */
export function namePointsOf(districts: readonly CityDistrictShape[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: districts.map((d) => ({ type: 'Feature' as const, properties: { id: d.id, name: d.name }, geometry: { type: 'Point' as const, coordinates: [(d.bbox[0] + d.bbox[2]) / 2, (d.bbox[1] + d.bbox[3]) / 2] } })),
  }
}

/**
 * The hexagons as a flat, opaque extrusion, not a fill: MapLibre clips a fill layer to each tile
 * (a stencil), and the server sends each hexagon whole in the one tile holding its centre, so a
 * fill would cut every hexagon on a tile's edge in half. An extrusion of opacity 1 is drawn
 * without the tile's stencil; with the style's light at intensity 0 its top keeps the class colour.
 */
export function hexLayer(breaks: readonly number[], hidden = false): LayerSpecification {
  return {
    id: CITY_HEX_LAYER, type: 'fill-extrusion', source: 'city-tiles', 'source-layer': CITY_TILE_LAYER,
    // hidden: transparent, not `visibility: none`, which would leave the tiles unread
    paint: { 'fill-extrusion-color': hexFillColor(breaks), 'fill-extrusion-opacity': hidden ? 0 : 1, 'fill-extrusion-height': 0, 'fill-extrusion-vertical-gradient': false },
  }
}

/** The whole style; the hexagons are shown or hidden by the component (kept at street zoom until the incidents have arrived). */
export function cityStyle(o: { districts: readonly CityDistrictShape[]; tilesUrl: string; breaks: readonly number[]; hexHidden?: boolean }): StyleSpecification {
  return {
    version: 8,
    light: { anchor: 'viewport', intensity: 0 },
    sources: {
      'city-outlines': { type: 'geojson', data: outlinesOf(o.districts) },
      'city-names': { type: 'geojson', data: namePointsOf(o.districts) },
      'city-tiles': { type: 'vector', tiles: [o.tilesUrl], minzoom: TILE_MINZOOM, maxzoom: TILE_MAXZOOM },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BASE.background } },
      { id: 'city-ground', type: 'fill', source: 'city-outlines', paint: { 'fill-color': BASE.district } },
      hexLayer(o.breaks, o.hexHidden),
      { id: 'city-outline', type: 'line', source: 'city-outlines', paint: { 'line-color': BASE.outline, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1, 14, 3] } },
      {
        id: 'city-names', type: 'symbol', source: 'city-names',
        layout: { 'text-field': ['get', 'name'], 'text-font': [LABEL_FONT], 'text-size': ['interpolate', ['linear'], ['zoom'], 8, 13, 12, 18], 'text-allow-overlap': false },
        paint: { 'text-color': '#ffffff', 'text-halo-color': BASE.labelHalo, 'text-halo-width': 2 },
      },
    ],
  }
}
