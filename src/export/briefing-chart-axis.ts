/** The trend chart's value axis and series colours, from d3-scale's ticks and d3-color's parser. */
import { color } from 'd3-color'
import { scaleLinear } from 'd3-scale'
import type { Rgb } from './briefing-page'

/** A CSS colour as RGB 0–255 (clamped, alpha dropped); null when d3-color cannot read it. */
export function parseCssColor(css: unknown): Rgb | null {
  const c = typeof css === 'string' ? color(css) : null
  if (!c) return null
  const { r, g, b } = c.rgb().clamp()
  return [r, g, b]
}

/**
 * Ticks at 1, 2 or 5 × 10^k covering [min, max], about `target` of them: the ticks of d3's
 * linear scale over the niced domain. A single value gets a ±10 % span (±1 around zero) so
 * that the axis still has a scale.
 */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return []
  if (min > max) [min, max] = [max, min]
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1
    min -= pad
    max += pad
  }
  // a span beyond the largest double has no step d3 can compute: tick a tenth of it (same mantissas)
  if (!Number.isFinite(max - min)) return niceTicks(min / 10, max / 10, target).map((t) => t * 10)
  return scaleLinear().domain([min, max]).nice(target).ticks(target)
}

/** A tick's label, with as many decimals as the step between ticks needs. */
export function tickLabel(v: number, ticks: number[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : 1
  const decimals = Math.min(10, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)))
  const s = Math.abs(v) >= 1e15 ? v.toPrecision(3) : v.toFixed(decimals)
  return s === '-0' || /^-0\.0*$/.test(s) ? s.slice(1) : s
}
