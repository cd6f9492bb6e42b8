import type { AppConfig } from './app-config'

/**
 * The page's Content-Security-Policy, built from the configuration at build time (vite.config.ts
 * writes it into index.html's meta tag and sends it as a header from the dev and preview servers).
 *
 * Everything is the app's own origin except:
 * - `blob:` workers: MapLibre starts its workers from a blob: URL;
 * - `data:`/`blob:` images: made in the page itself, never fetched (MapLibre decodes images
 *   through blob: URLs where ImageBitmap is missing);
 * - `'unsafe-inline'` for styles only: MapLibre, deck.gl and Vue set inline `style` attributes and
 *   vite injects `<style>` elements in dev; scripts never get `'unsafe-inline'` or `'unsafe-eval'`.
 * Downloads of exports are navigations to blob: URLs, which none of these directives govern.
 *
 * The only other origins are those of the configured tile server, refresh URL and live feed.
 */
export function contentSecurityPolicy(config: AppConfig): string {
  const connect = new Set<string>()
  const img = new Set<string>()
  const bm = config.baseMap
  if (bm.type === 'raster') {
    for (const t of bm.tiles) {
      const o = cleanOrigin(t)
      if (!o) continue
      // MapLibre fetches raster tiles (fetch → ImageBitmap); it falls back to an <img> when tile
      // refresh is off, so the tile server is allowed for both
      connect.add(o)
      img.add(o)
    }
  } else if (bm.type === 'pmtiles') {
    // the pmtiles protocol reads byte ranges of the archive with fetch
    add(connect, cleanOrigin(bm.url))
  }
  if (config.refresh) add(connect, cleanOrigin(config.refresh.url))
  if (config.live) {
    // src/stores/live.ts opens a WebSocket on the http(s) URL turned into ws(s)
    const url = config.live.kind === 'websocket' ? config.live.url.replace(/^http/i, 'ws') : config.live.url
    add(connect, cleanOrigin(url))
    if (config.live.units) add(connect, cleanOrigin(config.live.units))
  }
  const extra = (s: Set<string>) => [...s].map((o) => ` ${o}`).join('')
  return [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    `connect-src 'self'${extra(connect)}`,
    `img-src 'self' data: blob:${extra(img)}`,
    "font-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ')
}

const add = (set: Set<string>, origin: string | undefined) => void (origin && set.add(origin))

// scheme://host[:port] and nothing else: no wildcard, quote, semicolon, space or path can pass
const CLEAN_ORIGIN = /^(https?|wss?):\/\/([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/

/**
 * The origin of an absolute http(s)/ws(s) URL, or undefined: a relative URL is the app's own
 * origin already, and anything else (javascript:, data:, protocol-relative, unparsable) is never
 * allowed. The URL parser lowercases the host and drops user info, path, query and fragment.
 */
export function cleanOrigin(url: string): string | undefined {
  // the URL parser would silently drop tabs and newlines; a URL holding any is not taken at all
  if (!/^(https?|wss?):\/\//i.test(url) || /[\s\x00-\x1f\x7f]/.test(url)) return undefined
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return undefined
  }
  const origin = `${u.protocol}//${u.host}`
  return CLEAN_ORIGIN.test(origin) ? origin : undefined
}
