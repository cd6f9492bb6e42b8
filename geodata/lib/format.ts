/** Fixed output formatting: 6-decimal coordinates, one feature per line, CSV quoting. */
import type { Feature, Geometry } from 'geojson'

export const round6 = (v: number): number => {
  const r = Math.round(v * 1e6) / 1e6
  return r === 0 ? 0 : r // no "-0"
}
export const round1 = (v: number): number => Math.round(v * 10) / 10

/** Fixed 6-decimal string (for CSV). */
export const fix6 = (v: number): string => round6(v).toFixed(6)

export function roundCoords(c: unknown): unknown {
  if (typeof c === 'number') return round6(c)
  return (c as unknown[]).map(roundCoords)
}

export function feature(geometry: Geometry, properties: Record<string, unknown>): Feature {
  return { type: 'Feature', properties, geometry: { ...geometry, coordinates: roundCoords((geometry as { coordinates: unknown }).coordinates) } as Geometry }
}

/** A FeatureCollection as text: one feature per line, so diffs stay readable. */
export function featureCollectionText(features: Feature[], extra: Record<string, unknown> = {}): string {
  const head = JSON.stringify({ type: 'FeatureCollection', ...extra }).slice(0, -1)
  if (features.length === 0) return `${head},"features":[]}\n`
  return `${head},"features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`
}

export function csvField(v: string | number): string {
  const s = String(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
