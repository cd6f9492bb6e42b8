/**
 * Gap analysis: where incidents happen that no camera sees, and how that lines up with hot
 * spots and with covered ground.
 *
 * Per unit (grid cell or area):
 *   score    = unseen incidents, the incident weight no camera sees (the ranking key);
 *   hot      = 0 | 1 | 2: with Gi* z, 0 below 1.645, 1 from 1.645 to 2.576, 2 above 2.576 (the
 *              two-sided 90% and 99% normal quantiles, to full precision so that a cell is hot
 *              here when getis-ord's classifyHotspots without FDR calls it hot at 90% / 99%);
 *              without z, terciles of the incident count (below);
 *   covered  = 0 | 1 | 2: covered fraction below 1/3, below 2/3, else (NaN counts as 0);
 *   bivariate = hot·3 + covered, so 6 is hot and uncovered, the class that must stand out.
 *
 * Terciles without z: among the units in the mask with incidents > 0, a unit's class is set by
 * the share s of those units that have strictly fewer incidents: s < 1/3 → 0, s < 2/3 → 1,
 * else 2. With distinct counts this is the plain split into thirds (9 units: 3, 3, 3); tied
 * units share a class, the lower one, so a district where most cells have a single incident
 * does not paint them all hot. Units without incidents are 0.
 */

/** Per grid cell (or per area): where incidents happen that no camera sees. */
export interface GapInput {
  /** incidents per unit (grid cell or area), e.g. from countPerCell or countByAreaCategory */
  incidents: Float64Array
  /** incidents per unit that no camera sees (viewCounts === 0) */
  unseen: Float64Array
  /** covered fraction of each unit's area, 0..1 (NaN = unknown, treated as 0) */
  coverage: Float32Array | Float64Array
  /** hotspot strength per unit: Gi* z-score (NaN → 0); optional — without it the count is the strength */
  z?: Float64Array
  /** units outside the study area (mask 0) are skipped */
  mask?: Uint8Array
}

export interface GapRow {
  unit: number
  incidents: number
  unseen: number
  /** covered fraction as used for the class (NaN given → 0) */
  coverage: number
  /** z as used (NaN given → 0); NaN when the input has no z */
  z: number
  score: number
  hot: 0 | 1 | 2
  covered: 0 | 1 | 2
  /** hot·3 + covered, 0..8 */
  bivariate: number
}

/** Two-sided 90% and 99% quantiles of the standard normal (1.645, 2.576). */
export const Z_HOT_90 = 1.6448536269514722
export const Z_HOT_99 = 2.5758293035489004

function unitCount(input: GapInput): number {
  const n = input.incidents.length
  const check = (name: string, a: ArrayLike<number> | undefined) => {
    if (a !== undefined && a.length !== n) throw new Error(`gap analysis: ${name} has ${a.length} entries for ${n} units`)
  }
  check('unseen', input.unseen)
  check('coverage', input.coverage)
  check('z', input.z)
  check('mask', input.mask)
  return n
}

/** non-finite and negative counts count as none */
function count(v: number): number {
  return v > 0 && v < Infinity ? v : 0
}

function coveredClass(c: number): 0 | 1 | 2 {
  // NaN fails both tests: unknown coverage is treated as none
  return c >= 2 / 3 ? 2 : c >= 1 / 3 ? 1 : 0
}

function zClass(z: number): 0 | 1 | 2 {
  return z > Z_HOT_99 ? 2 : z >= Z_HOT_90 ? 1 : 0
}

/** Hotness class per unit (units outside the mask get 0; the callers skip them). */
function hotClasses(input: GapInput, n: number): Uint8Array {
  const { incidents, z, mask } = input
  const hot = new Uint8Array(n)
  if (z !== undefined) {
    for (let i = 0; i < n; i++) if (!mask || mask[i]) hot[i] = zClass(z[i])
    return hot
  }
  const units: number[] = []
  for (let i = 0; i < n; i++) if ((!mask || mask[i]) && count(incidents[i]) > 0) units.push(i)
  units.sort((a, b) => incidents[a] - incidents[b])
  const m = units.length
  // Walk the ascending order; `below` is the number of units with strictly fewer incidents.
  for (let j = 0, below = 0; j < m; j++) {
    if (j > 0 && incidents[units[j]] !== incidents[units[j - 1]]) below = j
    hot[units[j]] = 3 * below < m ? 0 : 3 * below < 2 * m ? 1 : 2
  }
  return hot
}

/**
 * gap score = unseen incidents (the incident weight not covered). Hotness class: with z given,
 * 0 below 1.645 (not significant at 90%), 1 for 1.645–2.576, 2 above 2.576 (99%); without z,
 * terciles of the incidents among units with incidents > 0 (0 for units with none; see the
 * module comment for ties). Coverage class: 0 below 1/3, 1 below 2/3, 2 otherwise.
 * bivariate = hot·3 + covered, so 6 = hot and uncovered. Rows ranked by score descending,
 * ties by hotness (hotter first) then unit index; only units in the mask with score > 0.
 */
export function gapAnalysis(input: GapInput): GapRow[] {
  const n = unitCount(input)
  const { incidents, unseen, coverage, z, mask } = input
  const hot = hotClasses(input, n)
  const rows: GapRow[] = []
  for (let i = 0; i < n; i++) {
    if (mask && !mask[i]) continue
    const score = count(unseen[i])
    if (score === 0) continue
    const c = Number.isNaN(coverage[i]) ? 0 : coverage[i]
    const h = hot[i] as 0 | 1 | 2
    const covered = coveredClass(c)
    rows.push({
      unit: i,
      incidents: count(incidents[i]),
      unseen: score,
      coverage: c,
      z: z === undefined ? NaN : Number.isNaN(z[i]) ? 0 : z[i],
      score,
      hot: h,
      covered,
      bivariate: h * 3 + covered,
    })
  }
  rows.sort((a, b) => b.score - a.score || b.hot - a.hot || a.unit - b.unit)
  return rows
}

/** Class per unit (Int8Array, −1 outside the mask) for drawing the 3×3 map, same rules as gapAnalysis. */
export function bivariateClasses(input: GapInput): Int8Array {
  const n = unitCount(input)
  const { coverage, mask } = input
  const hot = hotClasses(input, n)
  const out = new Int8Array(n)
  for (let i = 0; i < n; i++) out[i] = mask && !mask[i] ? -1 : hot[i] * 3 + coveredClass(coverage[i])
  return out
}

