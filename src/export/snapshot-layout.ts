/**
 * Where things go on an exported map image. The map keeps the zoom of the screen (so every
 * zoom-dependent figure — the heatmap's kernel in metres, its legend — stays true) and gets
 * more device pixels per CSS pixel instead: a 4K export of a 1920-wide view is that view at
 * 2×, an A3 sheet at 300 dpi is it at about 2.6× with some more ground around it.
 */

export interface Rect { x: number; y: number; width: number; height: number }

export interface SnapshotLayout {
  width: number
  height: number
  /** the size unit of the furniture (text, legend, bands): one CSS pixel of the map, never below 1 */
  unit: number
  /** title band on top (empty when the image has no bands) */
  header: Rect
  map: Rect
  footer: Rect
  /** the map's CSS size and pixel ratio: cssWidth × pixelRatio ≈ map.width */
  cssWidth: number
  cssHeight: number
  pixelRatio: number
}

export const HEADER_CSS = 78
export const FOOTER_CSS = 30

/**
 * Layout of a `width` × `height` image of a map now `screen` CSS pixels large. `bands` adds the
 * title band and the footer (a PDF page carries those itself, as text).
 */
export function snapshotLayout(width: number, height: number, screen: { width: number; height: number }, bands = true): SnapshotLayout {
  if (!(width > 0 && height > 0 && screen.width > 0 && screen.height > 0)) throw new Error(`snapshot size must be positive: ${width} × ${height} of ${screen.width} × ${screen.height}`)
  const ratioOf = (w: number, h: number) => Math.min(w / screen.width, h / screen.height)
  // the unit follows the map's pixel ratio, which depends on the bands' height: one refinement suffices
  let unit = Math.max(1, ratioOf(width, height))
  for (let i = 0; i < 2; i++) {
    const bandH = bands ? Math.round((HEADER_CSS + FOOTER_CSS) * unit) : 0
    unit = Math.max(1, ratioOf(width, height - bandH))
  }
  const headerH = bands ? Math.round(HEADER_CSS * unit) : 0
  const footerH = bands ? Math.round(FOOTER_CSS * unit) : 0
  const map: Rect = { x: 0, y: headerH, width, height: height - headerH - footerH }
  if (map.height < 16) throw new Error(`snapshot ${width} × ${height} leaves no room for the map`)
  const pixelRatio = ratioOf(map.width, map.height)
  const cssWidth = Math.max(1, Math.round(map.width / pixelRatio))
  const cssHeight = Math.max(1, Math.round(map.height / pixelRatio))
  return {
    width, height, unit,
    header: { x: 0, y: 0, width, height: headerH },
    map,
    footer: { x: 0, y: height - footerH, width, height: footerH },
    cssWidth, cssHeight, pixelRatio,
  }
}

/** A scale bar of a "nice" length (1, 2 or 5 × 10^k metres) at most `maxPx` long. */
export function scaleBar(metresPerPixel: number, maxPx: number): { metres: number; px: number; label: string } {
  if (!(metresPerPixel > 0 && maxPx > 0)) throw new Error('scale bar: metres per pixel and length must be positive')
  const most = metresPerPixel * maxPx
  const pow = 10 ** Math.floor(Math.log10(most))
  const metres = [5, 2, 1].map((m) => m * pow).find((m) => m <= most) ?? pow
  return { metres, px: metres / metresPerPixel, label: metres >= 1000 ? `${metres / 1000} km` : `${metres} m` }
}
