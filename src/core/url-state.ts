import { DEFAULT_LAYERS, LAYER_IDS, isLayerId, type LayerId } from './layer-ids'

/** What a link must carry so that it reopens the same map. */
export interface ViewState {
  center: [number, number]
  zoom: number
  layers: LayerId[]
  lang: 'zh-CN' | 'en'
}

const round = (x: number, digits: number) => Number(x.toFixed(digits))

/**
 * Reads a view from a query string; anything missing or malformed falls back to `fallback`
 * field by field, so a hand-edited or truncated link still opens a map.
 */
export function parseViewState(search: string, fallback: ViewState): ViewState {
  const q = new URLSearchParams(search)
  const view: ViewState = { ...fallback, center: [...fallback.center], layers: [...fallback.layers] }

  const c = q.get('c')?.split(',').map(Number)
  if (c && c.length === 2 && c.every(Number.isFinite) && Math.abs(c[0]) <= 180 && Math.abs(c[1]) <= 85) {
    view.center = [c[0], c[1]]
  }
  const z = Number(q.get('z'))
  if (q.has('z') && Number.isFinite(z) && z >= 0 && z <= 22) view.zoom = z
  if (q.has('l')) {
    const raw = q.get('l') ?? ''
    // Keep the canonical order so that equal views give equal links.
    const wanted = new Set(raw.split(',').filter(isLayerId))
    view.layers = LAYER_IDS.filter((id) => wanted.has(id))
  }
  const lang = q.get('lang')
  if (lang === 'en' || lang === 'zh-CN') view.lang = lang
  return view
}

/** Writes a view into `search`, keeping any other parameters (e.g. `mode=wall`). */
export function serializeViewState(view: ViewState, search = ''): string {
  const q = new URLSearchParams(search)
  q.set('c', `${round(view.center[0], 5)},${round(view.center[1], 5)}`)
  q.set('z', String(round(view.zoom, 2)))
  q.set('l', LAYER_IDS.filter((id) => view.layers.includes(id)).join(','))
  q.set('lang', view.lang)
  return q.toString().replace(/%2C/g, ',')
}

export function defaultView(center: [number, number], zoom: number): ViewState {
  return { center, zoom, layers: [...DEFAULT_LAYERS], lang: 'zh-CN' }
}
