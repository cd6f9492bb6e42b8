/**
 * Runtime configuration, read from `config.json` beside index.html so that a command centre
 * can point the app at its own tile server without rebuilding. Only same-origin or
 * explicitly configured URLs are ever requested.
 */
export type BaseMapConfig =
  | { type: 'demo' }
  /** Raster XYZ or WMTS (KVP template with {z}/{x}/{y}) tiles from a self-hosted server. */
  | { type: 'raster'; tiles: string[]; tileSize?: number; maxzoom?: number; attribution?: string; demoOverlay?: boolean }
  /** A raster PMTiles archive, e.g. `/tiles/weifang.pmtiles`. */
  | { type: 'pmtiles'; url: string; maxzoom?: number; attribution?: string; demoOverlay?: boolean }

export interface AppConfig {
  baseMap: BaseMapConfig
}

export const DEFAULT_CONFIG: AppConfig = { baseMap: { type: 'demo' } }

/** Validates untrusted JSON; an unusable config falls back to the offline demo base map. */
export function parseAppConfig(json: unknown): { config: AppConfig; warnings: string[] } {
  const warnings: string[] = []
  if (!json || typeof json !== 'object') return { config: DEFAULT_CONFIG, warnings: ['config is not an object'] }
  const bm = (json as { baseMap?: Record<string, unknown> }).baseMap
  if (!bm || typeof bm !== 'object') return { config: DEFAULT_CONFIG, warnings }
  const demoOverlay = bm.demoOverlay !== false
  const maxzoom = typeof bm.maxzoom === 'number' ? bm.maxzoom : undefined
  const attribution = typeof bm.attribution === 'string' ? bm.attribution : undefined
  if (bm.type === 'raster') {
    const tiles = Array.isArray(bm.tiles) ? bm.tiles.filter((t): t is string => typeof t === 'string') : []
    if (tiles.length === 0) {
      warnings.push('baseMap.raster needs a non-empty "tiles" list; using the demo base map')
      return { config: DEFAULT_CONFIG, warnings }
    }
    const tileSize = typeof bm.tileSize === 'number' ? bm.tileSize : 256
    return { config: { baseMap: { type: 'raster', tiles, tileSize, maxzoom, attribution, demoOverlay } }, warnings }
  }
  if (bm.type === 'pmtiles') {
    if (typeof bm.url !== 'string' || bm.url === '') {
      warnings.push('baseMap.pmtiles needs a "url"; using the demo base map')
      return { config: DEFAULT_CONFIG, warnings }
    }
    return { config: { baseMap: { type: 'pmtiles', url: bm.url, maxzoom, attribution, demoOverlay } }, warnings }
  }
  if (bm.type !== 'demo') warnings.push(`unknown baseMap.type ${JSON.stringify(bm.type)}; using the demo base map`)
  return { config: DEFAULT_CONFIG, warnings }
}
