/**
 * What a legend shows, as data: the on-screen legend renders it as HTML and the map export
 * draws the same blocks on a canvas, so an exported image cannot carry a legend the screen
 * does not (and the other way round). Colours are CSS colour strings.
 */
export interface LegendSwatch {
  shape: 'dot' | 'bigDot' | 'square' | 'outline' | 'ring'
  color: string
  label: string
  /** fill opacity 0…1 (1 when absent) */
  opacity?: number
  /** a 2 px line of this colour around the swatch, at the swatch's opacity (pending plan suggestions) */
  stroke?: string
  /** a figure for the row, printed right-aligned after the label: areas or cells in the class */
  count?: string
}

export interface LegendBlock {
  /** 'incidents', 'areas', 'hotspots', 'cameras', 'coverage', 'gaps', 'grids', 'patrol', 'isochrones', 'compounds', 'plan', 'keySites', 'sites' */
  id: string
  title?: string
  /** a line under the title: the unit the figures are in */
  subtitle?: string
  /** small print under the subtitle, before the key: the dates the figures count */
  period?: string[]
  /** a continuous colour ramp, low → high, with the labels at its ends */
  ramp?: { colors: string[]; low: string; high: string; mid?: string }
  /** classes or categories in display order */
  items?: LegendSwatch[]
  /** a 3 × 3 bivariate key: colors[row * 3 + col], top row first (hottest), null = drawn clear */
  bivariate?: { colors: (string | null)[]; rowLabel: string; colLabel: string }
  /** small print under the block: kernel radius, period, class counts */
  notes?: string[]
}
