/** Sizes of an exported map image: the screen, twice it, 4K, and A4 / A3 landscape at a print resolution. */
export type SnapshotPreset = 'screen' | 'x2' | '4k' | 'a4' | 'a3'
export const SNAPSHOT_PRESETS: readonly SnapshotPreset[] = ['screen', 'x2', '4k', 'a4', 'a3']

/** Landscape paper in millimetres. */
export const PAPER_MM = { a4: [297, 210], a3: [420, 297] } as const
export type Paper = keyof typeof PAPER_MM
export const DEFAULT_DPI = 300

export interface SnapshotSize {
  width: number
  height: number
  /** print resolution when the size is a paper size (the image's PNG pHYs) */
  dpi?: number
}

/** Pixels of a landscape sheet at `dpi`, rounded to whole pixels (A3 at 300 dpi: 4961 × 3508). */
export function paperPixels(paper: Paper, dpi = DEFAULT_DPI): SnapshotSize {
  const [w, h] = PAPER_MM[paper]
  return { width: Math.round((w / 25.4) * dpi), height: Math.round((h / 25.4) * dpi), dpi }
}

/** The image size of a preset for a map of `screen` CSS pixels. */
export function presetSize(preset: SnapshotPreset, screen: { width: number; height: number }, dpi = DEFAULT_DPI): SnapshotSize {
  switch (preset) {
    case 'screen': return { width: Math.round(screen.width), height: Math.round(screen.height) }
    case 'x2': return { width: Math.round(screen.width * 2), height: Math.round(screen.height * 2) }
    case '4k': return { width: 3840, height: 2160 }
    case 'a4': return paperPixels('a4', dpi)
    case 'a3': return paperPixels('a3', dpi)
  }
}
