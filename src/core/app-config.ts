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

/** The incidents CSV fetched again every `intervalS` seconds (the wall's data refresh). */
export interface RefreshConfig { url: string; intervalS: number }
/**
 * An endpoint that pushes one incident per message (see src/io/live-incidents.ts for the format).
 * `keep`: at most this many live incidents stay on the map, the oldest leave first (default
 * 200,000 — see src/io/live-intake.ts); the loaded file's incidents are never dropped.
 */
export interface LiveConfig {
  url: string; kind: 'sse' | 'websocket'; keep?: number
  /**
   * The units' fix feed (issue 26): an SSE endpoint with one line `unit_id,time,lon,lat[,speed,
   * heading,status,kind]` per event (src/io/unit-feed-connection.ts); the desk's and the wall's
   * units follow it while the units layer is shown. The demo simulator serves `/live/units`.
   */
  units?: string
}

/**
 * The command centre's server, when the app's page is not served by it: the path on this origin
 * under which its API answers (`{url}api/...`), e.g. behind a reverse proxy. Never another origin.
 */
export interface ServerConfig {
  url: string
  /** whole months of incidents the page holds at first (the latest); default 13 (core/incident-window.ts) */
  windowMonths?: number
}

export interface AppConfig {
  baseMap: BaseMapConfig
  refresh?: RefreshConfig
  live?: LiveConfig
  server?: ServerConfig
}

export const DEFAULT_CONFIG: AppConfig = { baseMap: { type: 'demo' } }

/**
 * Validates untrusted JSON; an unusable base map falls back to the offline demo one, an
 * unusable refresh or live entry is dropped with a warning (the rest still applies).
 */
export function parseAppConfig(json: unknown): { config: AppConfig; warnings: string[] } {
  if (!json || typeof json !== 'object') return { config: DEFAULT_CONFIG, warnings: ['config is not an object'] }
  const o = json as Record<string, unknown>
  const { config, warnings } = parseBaseMap(o.baseMap)
  const refresh = o.refresh === undefined ? undefined : parseRefresh(o.refresh, warnings)
  const live = o.live === undefined ? undefined : parseLive(o.live, warnings)
  const server = o.server === undefined ? undefined : parseServer(o.server, warnings)
  if (!refresh && !live && !server) return { config, warnings }
  return { config: { ...config, ...(refresh && { refresh }), ...(live && { live }), ...(server && { server }) }, warnings }
}

/**
 * A relative path (same origin) or an absolute http(s) — for WebSocket also ws(s) — URL the
 * operator wrote on purpose; anything else (javascript:, data:, protocol-relative) is refused.
 * The page's Content-Security-Policy (connect-src 'self') still has the last word.
 */
function isFetchableUrl(url: unknown, schemes: RegExp): url is string {
  if (typeof url !== 'string' || url.trim() === '' || url.startsWith('//')) return false
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return schemes.test(url)
  return true
}

function parseRefresh(x: unknown, warnings: string[]): RefreshConfig | undefined {
  const r = x as { url?: unknown; intervalS?: unknown } | null
  if (!r || typeof r !== 'object' || !isFetchableUrl(r.url, /^https?:\/\//i)) {
    warnings.push('refresh needs a same-origin path or an http(s) "url"; data refresh is off')
    return undefined
  }
  if (typeof r.intervalS !== 'number' || !(r.intervalS > 0) || !Number.isFinite(r.intervalS)) {
    warnings.push('refresh.intervalS must be a positive number of seconds; data refresh is off')
    return undefined
  }
  return { url: r.url, intervalS: r.intervalS }
}

function parseLive(x: unknown, warnings: string[]): LiveConfig | undefined {
  const l = x as { url?: unknown; kind?: unknown; keep?: unknown; units?: unknown } | null
  const kind = l && typeof l === 'object' ? l.kind : undefined
  if (kind !== 'sse' && kind !== 'websocket') {
    warnings.push(`live.kind must be "sse" or "websocket" (got ${JSON.stringify(kind)}); live mode is off`)
    return undefined
  }
  if (!isFetchableUrl(l!.url, kind === 'sse' ? /^https?:\/\//i : /^(https?|wss?):\/\//i)) {
    warnings.push(`live needs a same-origin path or an ${kind === 'sse' ? 'http(s)' : 'http(s) or ws(s)'} "url"; live mode is off`)
    return undefined
  }
  const units = l!.units
  const withUnits = (c: LiveConfig): LiveConfig => {
    if (units === undefined) return c
    if (isFetchableUrl(units, /^https?:\/\//i)) return { ...c, units }
    warnings.push('live.units needs a same-origin path or an http(s) URL; the units follow no feed')
    return c
  }
  const keep = l!.keep
  if (keep === undefined) return withUnits({ url: l!.url as string, kind })
  if (typeof keep !== 'number' || !Number.isSafeInteger(keep) || keep <= 0) {
    // a bad window must not switch the feed off: the default still bounds the memory
    warnings.push(`live.keep must be a positive whole number of incidents (got ${JSON.stringify(keep)}); the default is used`)
    return withUnits({ url: l!.url as string, kind })
  }
  return withUnits({ url: l!.url as string, kind, keep })
}

/** A path on the app's own origin (the app asks no other), ending in '/' so that `api/...` goes under it. */
function parseServer(x: unknown, warnings: string[]): ServerConfig | undefined {
  const url = (x as { url?: unknown } | null)?.url
  if (typeof url !== 'string' || url.trim() === '' || url.startsWith('//') || /^[a-z][a-z0-9+.-]*:/i.test(url) || /[?#]/.test(url)) {
    warnings.push('server.url must be a path on this origin (e.g. "/pingan/"); server mode from config is off')
    return undefined
  }
  const out: ServerConfig = { url: url.endsWith('/') ? url : `${url}/` }
  const months = (x as { windowMonths?: unknown }).windowMonths
  if (months !== undefined) {
    if (typeof months === 'number' && Number.isInteger(months) && months >= 1 && months <= 600) out.windowMonths = months
    else warnings.push(`server.windowMonths must be a whole number of months, 1 to 600 (got ${JSON.stringify(months)}); the default is used`)
  }
  return out
}

function parseBaseMap(x: unknown): { config: AppConfig; warnings: string[] } {
  const warnings: string[] = []
  const bm = x as Record<string, unknown> | null | undefined
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
