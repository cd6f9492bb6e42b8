/**
 * The map's colours by layer, in one place, so that layers that can be on together keep apart.
 *
 * Hue families (CIE LCh hue, roughly):
 * - incident density, heatmap and hexagons: inferno, dark purple → red → orange → pale yellow,
 *   the warm half of the wheel (one of the two is drawn at a time);
 * - Gi* hot / cold cells: ColorBrewer RdBu, red and blue;
 * - coverage (the cameras' views and the camera dots): green, mint for class A and dark green
 *   for class B, grey when offline;
 * - coverage GAP cells: cyan, strongest where hot and uncovered, greyer where covered, each
 *   cell outlined so that a block of gaps still reads as cells;
 * - PLAN camera sectors: pink with a near-white outline, a hue no other layer draws;
 * - pending suggestions: lavender with an outline of the same hue, numbered;
 * - patrol grids, isochrones, the choropleth and the crime-analysis overlays keep their own
 *   ramps (see their factories); they answer other questions and are not meant to be read
 *   through the planner's layers (tests/unit/map/palette.test.ts checks the planner's pairs).
 *
 * The dark ground (theme.ts BASE) is the desk's and the wall's; a light raster base map is the
 * other ground a layer lands on, and the palette test checks the planner's colours over both.
 */
import { interpolateInferno, schemeRdBu } from 'd3-scale-chromatic'

export type Rgb = readonly [number, number, number]
const hex = (h: string): Rgb => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)]

/** Inferno is perceptually uniform and reads for red–green colour-blind viewers; its black end is skipped on a dark map. */
export const HEAT_COLORS: [number, number, number][] = [0.25, 0.4, 0.55, 0.7, 0.85, 1].map((t) => [...hex(interpolateInferno(t))] as [number, number, number])

/**
 * Gi* classes −3 … 3 (cold 99 % … hot 99 %) as the ArcGIS-style red–blue ramp: ColorBrewer
 * RdBu with 7 classes (colour-blind safe), reversed so hot is red; index = class + 3.
 */
export const HOTSPOT_COLORS: [number, number, number][] = [...schemeRdBu[7]].reverse().map((h) => [...hex(h)] as [number, number, number])
export const HOTSPOT_ALPHA = 170

/** Camera classes A (high-definition key cameras) and B: the dots and their views (A the lighter, to be told apart by lightness as well). */
export const CAMERA_CLASS_COLOR = [hex('#52edb4'), hex('#0c7b29')] as const
export const CAMERA_OFFLINE_COLOR: Rgb = [140, 140, 140]
/** Opacity of an online (offline) camera's view: translucent, so overlapping views read stronger. */
export const VIEW_ALPHA = 130
export const OFFLINE_VIEW_ALPHA = 50

/**
 * 3×3 gap classes, [r, g, b] per class 0..8 (class = hot·3 + covered: rows hotness not / 90 % /
 * 99 %, columns uncovered / partly / well covered). One hue, cyan, which neither the incident
 * ramps nor the views use: the less covered, the more saturated; the hotter, the stronger the
 * fill (gapAlpha). Cells that are not hot carry no planning message and are left clear
 * (their colours are only the key's). Class 6, hot and uncovered, is the most saturated.
 */
export const GAP_COLORS: readonly Rgb[] = Object.freeze([
  '#d3d3d3', '#d8e4e4', '#dadede', // not hot (not drawn)
  '#a6fafa', '#c0e4e4', '#ccd7d6', // hot (90 %)
  '#22fafd', '#65a6a7', '#9aa7a7', // hot (99 %)
].map(hex))
/** Fill opacity per gap class: clear when not hot, stronger at 99 % than at 90 %. */
export const gapAlpha = (cls: number) => (cls < 3 ? 0 : cls < 6 ? 125 : 185)
/** Every drawn gap cell's outline: the ground's colour, so neighbouring cells stay cells. */
export const GAP_LINE: [number, number, number, number] = [10, 19, 32, 200]

/** Plan cameras: a hue of their own, and an outline that holds over any fill below. */
export const PLAN_COLOR: Rgb = hex('#ff86bb')
export const PLAN_ALPHA = 200
export const PLAN_SELECTED_ALPHA = 235
export const PLAN_LINE: Rgb = hex('#f7eef6')
/** Pending suggestions: lavender, apart from the plan's pink and from the Gi* blues, and seen on a light base map too. */
export const SUGGESTION_COLOR: Rgb = hex('#b18cff')
export const SUGGESTION_ALPHA = 150
