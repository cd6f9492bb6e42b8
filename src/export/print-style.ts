/**
 * The base map in a light print style: the desk's dark theme (src/map/theme.ts) prints as a
 * heavy black sheet. Same layers, light paints; a raster base map is kept as it is.
 */
import type { StyleSpecification } from 'maplibre-gl'

const LIGHT: Record<string, Record<string, unknown>> = {
  background: { 'background-color': '#f4f5f2' },
  'district-fill': { 'fill-color': '#ffffff' },
  green: { 'fill-color': '#dcebd6' },
  water: { 'fill-color': '#c6dcef' },
  buildings: { 'fill-color': '#e3e3de' },
  'road-back': { 'line-color': '#e2e2dc' },
  'road-secondary': { 'line-color': '#cfcfc6' },
  'road-main': { 'line-color': '#b9b9ae' },
  'district-outline': { 'line-color': '#4b5563' },
  'road-labels': { 'text-color': '#4b5563', 'text-halo-color': '#ffffff', 'text-opacity': 1 },
}

export function lightPrintStyle(style: StyleSpecification): StyleSpecification {
  return {
    ...style,
    layers: style.layers.map((l) => {
      const paint = LIGHT[l.id]
      return paint ? ({ ...l, paint: { ...(l as { paint?: object }).paint, ...paint } } as typeof l) : l
    }),
  }
}
