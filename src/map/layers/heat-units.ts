/**
 * Heatmap colours in real units. deck.gl 9.4's HeatmapLayer (weights-fs.glsl) adds, at each
 * texel of its weight map, w · K(r / R) for every point within R = radiusPixels of it, with
 *   K(u) = exp(−u² / (2σ²)) / (σ √π),  σ = 1/6  (its gaussianKDE: 0.05555 = 2σ², 1.77245 = √π)
 * and u ≤ 1 (the point sprite is cut at its radius). Where incidents lie at a uniform density
 * D per m² around a texel, the sum is D times the kernel's integral over the disk of radius R:
 *   value = D · R² · 2π ∫₀¹ K(u) u du = D · R² · 2√π σ (1 − e^(−1/(2σ²))) ≈ 0.5908 · D · R².
 * R in metres is radiusPixels times the metres per CSS pixel at the zoom where the weight map
 * was drawn (the layer redraws it when the zoom settles), so a density in incidents per km²
 * maps to a weight at any zoom, and a fixed colour domain in incidents per km² stays true.
 */
const SIGMA = 1 / 6
export const HEAT_KERNEL_INTEGRAL = 2 * Math.sqrt(Math.PI) * SIGMA * (1 - Math.exp(-1 / (2 * SIGMA * SIGMA)))

/** Kernel radius in metres of a heatmap drawn at `metresPerPixel`. */
export const heatRadiusMetres = (radiusPixels: number, metresPerPixel: number) => radiusPixels * metresPerPixel

/** Weight-map value (one weight per incident) that a density of `perKm2` incidents per km² produces. */
export function densityToHeatWeight(perKm2: number, radiusPixels: number, metresPerPixel: number): number {
  const r = heatRadiusMetres(radiusPixels, metresPerPixel)
  return (perKm2 / 1e6) * r * r * HEAT_KERNEL_INTEGRAL
}

export function heatWeightToDensity(weight: number, radiusPixels: number, metresPerPixel: number): number {
  const r = heatRadiusMetres(radiusPixels, metresPerPixel)
  return (weight / (r * r * HEAT_KERNEL_INTEGRAL)) * 1e6
}

/** Web Mercator metres per CSS pixel at `zoom` and latitude `lat` (512-px world at zoom 0, as deck.gl and MapLibre). */
export function metresPerPixel(zoom: number, lat: number): number {
  return (2 * Math.PI * 6378137 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom)
}
