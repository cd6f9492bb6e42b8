import type { StyleSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl'
import type { FeatureCollection } from 'geojson'
import type { BaseMapConfig } from '../core/app-config'
import { BASE, LABEL_FONT } from './theme'

export interface BaseMapInputs {
  /** Same-origin URLs of the demo's own GeoJSON files, or the data itself where the page already holds it. */
  urls: { district: string | FeatureCollection; roads: string | FeatureCollection; buildings: string | FeatureCollection; water: string; green: string }
  config: BaseMapConfig
  /**
   * Whether the road names are in the style. Leave them out (and add `roadLabelsLayer()` once
   * the label font has loaded) so that the map draws without waiting for the font.
   */
  labels?: boolean
}

/**
 * An offline MapLibre style: the district's own roads, buildings, water and green, and
 * labels drawn in the browser. The style has no `glyphs` URL, so MapLibre renders text
 * locally with the CSS font named in `text-font` (served by the app) and asks no server.
 */
export function buildBaseStyle({ urls, config, labels = true }: BaseMapInputs): StyleSpecification {
  const sources: Record<string, SourceSpecification> = {
    district: { type: 'geojson', data: urls.district },
    roads: { type: 'geojson', data: urls.roads },
    buildings: { type: 'geojson', data: urls.buildings },
    water: { type: 'geojson', data: urls.water },
    green: { type: 'geojson', data: urls.green },
  }
  const layers: LayerSpecification[] = [{ id: 'background', type: 'background', paint: { 'background-color': BASE.background } }]

  let demo = true
  if (config.type === 'raster' || config.type === 'pmtiles') {
    sources.basemap = config.type === 'raster'
      ? { type: 'raster', tiles: config.tiles, tileSize: config.tileSize ?? 256, maxzoom: config.maxzoom ?? 18, attribution: config.attribution }
      : { type: 'raster', url: `pmtiles://${config.url}`, tileSize: 256, attribution: config.attribution }
    layers.push({ id: 'basemap', type: 'raster', source: 'basemap' })
    demo = config.demoOverlay !== false
  }

  if (demo) {
    layers.push(
      { id: 'district-fill', type: 'fill', source: 'district', paint: { 'fill-color': BASE.district } },
      { id: 'green', type: 'fill', source: 'green', paint: { 'fill-color': BASE.green } },
      { id: 'water', type: 'fill', source: 'water', paint: { 'fill-color': BASE.water } },
      { id: 'buildings', type: 'fill', source: 'buildings', minzoom: 13, paint: { 'fill-color': BASE.building, 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 13, 0.3, 15, 0.9] } },
      roadLine('road-back', 'back', BASE.roadBack, [12, 0.3, 16, 3], 12),
      roadLine('road-secondary', 'secondary', BASE.roadSecondary, [10, 0.6, 16, 6]),
      roadLine('road-main', 'main', BASE.roadMain, [9, 1, 16, 10]),
    )
  }
  layers.push({
    id: 'district-outline', type: 'line', source: 'district',
    paint: { 'line-color': BASE.outline, 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 1.5, 15, 4], 'line-dasharray': [4, 2] },
  })
  if (demo && labels) layers.push(roadLabelsLayer())
  // Street names are drawn by deck.gl (streets layer) so that they stay above the heatmap.
  return { version: 8, sources, layers }
}

/** Whether the style draws the demo's own layers (roads, buildings, their names). */
export function drawsDemoLayers(config: BaseMapConfig): boolean {
  return !(config.type === 'raster' || config.type === 'pmtiles') || config.demoOverlay !== false
}

/**
 * The road names, the style's top layer: 12–15 px at the desk (its smallest readable map type,
 * 3/4 of the 16 px body), `scale` times that on the wall, where the body is 32 px.
 */
export function roadLabelsLayer(scale = 1): LayerSpecification {
  return {
    id: 'road-labels', type: 'symbol', source: 'roads', minzoom: 12,
    filter: ['all', ['!=', ['get', 'class'], 'back'], ['has', 'name']],
    layout: {
      'symbol-placement': 'line', 'text-field': ['get', 'name'], 'text-font': [LABEL_FONT],
      'text-size': ['interpolate', ['linear'], ['zoom'], 12, 12 * scale, 16, 15 * scale], 'text-max-angle': 30, 'symbol-spacing': 300 * scale,
    },
    paint: { 'text-color': BASE.label, 'text-halo-color': BASE.labelHalo, 'text-halo-width': 1.5 * scale, 'text-opacity': 0.85 },
  }
}

function roadLine(id: string, cls: string, color: string, widths: number[], minzoom = 0): LayerSpecification {
  return {
    id, type: 'line', source: 'roads', minzoom, filter: ['==', ['get', 'class'], cls],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': color, 'line-width': ['interpolate', ['exponential', 1.5], ['zoom'], ...widths] },
  }
}
