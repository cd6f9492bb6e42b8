/**
 * The figures a planner watches while placing cameras by hand: after each edit of a plan (a
 * handful to a few hundred cameras) on top of an existing network (up to 20,000 cameras) and
 * its incidents (up to 1,000,000), what the plan adds. The network and the incidents do not
 * change between edits, so everything about them is computed once (planBase) and an edit pays
 * only for the plan's own cameras (planMetrics):
 *
 * - ground: the plan's sectors are drawn into a scratch copy of the network's raster with the
 *   very functions cameraCoverage uses (addSector / addRing on the same raster geometry), so
 *   every cell comes out bit for bit as a full recomputation would draw it. Only the words
 *   under the plan's bounding boxes are compared with the network's raster, then put back.
 * - incidents: only kept incidents that no network camera sees can be newly covered; they sit
 *   in a kd-tree built once, and each plan view tests the few inside its range circle with the
 *   sight test of incidents-in-view (inSector, and the view's visibility ring with walls).
 * - blind hotspot cells (gap rows with hot >= 1 and coverage 0): hotness depends on the
 *   incidents only, and the network leaves no covered raster cell in them, so such a cell
 *   stays a blind gap row exactly when the plan draws no raster cell into it and leaves at
 *   least one of its incidents unseen (a cell whose incidents are all seen drops out of the
 *   gap rows, as gapAnalysis lists only cells with unseen incidents).
 * - the selected area: its covered m² with the network alone comes from areaCoverage once;
 *   the plan adds its new cells whose centres lie in the area, read through a bit mask of the
 *   area built once per area (cached) with addRing, the scanline areaCoverage itself runs.
 *
 * So every figure equals what cameraCoverage + coverageByArea give for network and plan
 * together (tests/unit/core/plan-metrics.test.ts checks this against the full recomputation).
 *
 * The base holds a scratch copy of the raster and is mutated while planMetrics runs (and put
 * back before it returns), so one base serves one caller at a time: fine in a worker.
 */
import KDBush from 'kdbush'
import type { AreaSet } from './areas'
import type { CameraColumns } from './cameras'
import { cameraViews, inSector, type CameraViews, type DoriLevel } from './camera-model'
import type { CoverageResult } from './camera-coverage'
import { addRing, addSector, areaCoverage, countSetBits, coveredCells, popcount32, type CoverageRaster } from './coverage-raster'
import { projectPoints, ringContains } from './incidents-in-view'
import { projectX, projectY, type LocalProjection } from './local-projection'
import { cellOfPoints } from './square-grid'
import { visibleRings, type Obstacles } from './visibility'

export interface PlanBaseInput {
  /** cameraCoverage() of the existing network, over the same incidents and filter */
  coverage: CoverageResult
  incidents: { lon: Float64Array; lat: Float64Array; count: number; keep?: Uint8Array }
  /** the walls the network's coverage was computed with (in its grid's projection); must be given exactly when coverage.rings is not null */
  obstacles?: Obstacles | null
  /** layers a user may select an area of (streets, compounds, grids) */
  areas?: Record<string, AreaSet>
}

/** One selectable layer: its areas' exact m² and the network's covered raster cells in each. */
interface AreaLayer {
  set: AreaSet
  areaM2: Float64Array
  coveredCells: Float64Array
}

/** Raster cells whose centre lies in one area, as the words [w0, w0 + bits.length) of the raster's bitset. */
interface AreaMask {
  w0: number
  bits: Uint32Array
}

/** What the existing network gives, computed once. Callers pass it back to planMetrics and read none of it. */
export interface PlanBase {
  readonly proj: LocalProjection
  readonly obstacles: Obstacles | null
  /** the network's raster (read only) and a copy that plan sectors are drawn into and wiped from */
  readonly raster: CoverageRaster
  readonly scratch: CoverageRaster
  /** raster cells per grid cell side (the raster nests in the gap grid) */
  readonly k: number
  readonly gridCols: number
  readonly gridRows: number
  readonly coveredCells: number
  readonly kept: number
  readonly seenBefore: number
  /** kept incidents no network camera sees, with finite coordinates: x, y (local metres) and a kd-tree over them */
  readonly unseenX: Float64Array
  readonly unseenY: Float64Array
  readonly unseenIndex: KDBush | null
  /** blind slot of each such incident's grid cell, -1 when the cell is not a blind hotspot cell */
  readonly unseenSlot: Int32Array
  /** edit number that last counted each unseen incident (so overlapping plan views count it once) */
  readonly unseenStamp: Uint32Array
  /** blind hotspot cells: slot of each grid cell (-1 for none); per slot its unseen incidents */
  readonly blindSlot: Int32Array
  readonly blindUnseen: Float64Array
  /** per slot, scratch for one edit: unseen incidents left, and the edit number that found plan ground in it */
  readonly blindLeft: Float64Array
  readonly blindCovered: Uint32Array
  readonly layers: ReadonlyMap<string, AreaLayer>
  /** masks of the areas selected lately (insertion order = age) */
  readonly masks: Map<string, AreaMask>
  epoch: number
}

export interface PlanMetrics {
  /** plan cameras evaluated */
  cameras: number
  /** kept incidents no network camera sees and at least one plan camera sees */
  newlyCovered: number
  seenBefore: number
  seenAfter: number
  kept: number
  /** incidents-in-view rates, NaN when kept is 0 */
  inViewBefore: number
  inViewAfter: number
  /** gap rows with hot >= 1 and coverage === 0 (hot cells with no covered ground), with the network alone and with the plan added */
  blindHotBefore: number
  blindHotAfter: number
  /** covered m² of the raster: network alone, network and plan together */
  coveredM2Before: number
  coveredM2After: number
  /** the selected area: its exact m² and covered fractions (as coverageByArea's fraction) */
  area: { layer: string; index: number; areaM2: number; before: number; after: number } | null
  /** per plan camera: kept incidents no network camera sees that this camera sees (what it would add alone; overlapping cameras share incidents, so the sum can exceed newlyCovered) */
  perCamera: Uint32Array
  /** time taken, ms */
  ms: number
}

/** area masks kept; a tall street's mask is a few MB (its rows × the raster's width), a compound's tens of kB */
const MASK_CACHE = 4

export function planBase(input: PlanBaseInput): PlanBase {
  const { coverage, incidents: inc } = input
  const obstacles = input.obstacles ?? null
  if (coverage.seenBy.length !== inc.count) {
    throw new Error(`planBase: the coverage was computed for ${coverage.seenBy.length} incidents, not these ${inc.count}`)
  }
  // Plan cameras must see as the network's did, or the "after" figures mix two models.
  if ((obstacles === null) !== (coverage.rings === null)) {
    throw new Error(coverage.rings === null
      ? 'planBase: walls given, but the network coverage was computed without buildings'
      : 'planBase: the network coverage was computed with buildings; pass the same walls as obstacles')
  }
  const { raster } = coverage
  const { grid } = coverage.hotspots
  const k = Math.round(grid.cell / raster.cell)
  if (raster.x0 !== 0 || raster.y0 !== 0 || !(k >= 1) || Math.abs(grid.cell / raster.cell - k) > 1e-9) {
    throw new Error('planBase: the raster must start at the gap grid origin with a whole number of cells per grid cell (as cameraCoverage builds it)')
  }

  let kept = 0, seenBefore = 0, unseenCount = 0
  for (let i = 0; i < inc.count; i++) {
    if (inc.keep && !inc.keep[i]) continue
    kept++
    if (coverage.seenBy[i] > 0) seenBefore++
    else unseenCount++
  }

  // Blind hotspot cells, as the coverage panel counts blind cells but hot ones only.
  const blindSlot = new Int32Array(grid.cols * grid.rows).fill(-1)
  const blindRows = coverage.gaps.filter((g) => g.hot >= 1 && g.coverage === 0)
  const blindUnseen = Float64Array.from(blindRows, (g) => g.unseen)
  blindRows.forEach((g, s) => { blindSlot[g.unit] = s })

  const { x, y } = projectPoints(grid.proj, inc.lon, inc.lat, inc.count)
  const cells = cellOfPoints(grid, inc.lon, inc.lat, inc.count)
  const unseenX = new Float64Array(unseenCount), unseenY = new Float64Array(unseenCount)
  const unseenSlot = new Int32Array(unseenCount)
  let n = 0
  for (let i = 0; i < inc.count; i++) {
    if ((inc.keep && !inc.keep[i]) || coverage.seenBy[i] > 0) continue
    // viewCounts skips points without finite coordinates: no camera sees them
    if (!(Number.isFinite(x[i]) && Number.isFinite(y[i]))) continue
    unseenX[n] = x[i]
    unseenY[n] = y[i]
    unseenSlot[n] = cells[i] >= 0 ? blindSlot[cells[i]] : -1
    n++
  }
  let unseenIndex: KDBush | null = null
  if (n > 0) {
    unseenIndex = new KDBush(n)
    for (let i = 0; i < n; i++) unseenIndex.add(unseenX[i], unseenY[i])
    unseenIndex.finish()
  }

  const layers = new Map<string, AreaLayer>()
  const cell2 = raster.cell * raster.cell
  for (const [name, set] of Object.entries(input.areas ?? {})) {
    const { areaM2, coveredM2 } = areaCoverage(raster, set, grid.proj)
    layers.set(name, { set, areaM2, coveredCells: coveredM2.map((m2) => Math.round(m2 / cell2)) })
  }

  return {
    proj: grid.proj, obstacles, raster, scratch: { ...raster, bits: raster.bits.slice() }, k, gridCols: grid.cols, gridRows: grid.rows,
    coveredCells: coveredCells(raster), kept, seenBefore,
    unseenX: unseenX.subarray(0, n), unseenY: unseenY.subarray(0, n), unseenIndex, unseenSlot: unseenSlot.subarray(0, n),
    unseenStamp: new Uint32Array(n),
    blindSlot, blindUnseen, blindLeft: new Float64Array(blindRows.length), blindCovered: new Uint32Array(blindRows.length),
    layers, masks: new Map(), epoch: 0,
  }
}

/**
 * The figures for the network plus `plan`, at DORI `level` (the level the network's coverage
 * was computed at), and the selected area's covered fractions when `selected` names an area of
 * a layer given to planBase (a RangeError otherwise).
 */
export function planMetrics(base: PlanBase, plan: CameraColumns, level: DoriLevel, selected?: { layer: string; index: number } | null): PlanMetrics {
  const t0 = performance.now()
  const sel = selected ? selectedArea(base, selected.layer, selected.index) : null
  // Stamps tell this edit's marks from older ones without clearing arrays the size of the incidents.
  base.epoch = (base.epoch + 1) >>> 0 || 1
  const epoch = base.epoch
  const views = cameraViews(plan, base.proj, level)
  const rings = base.obstacles ? visibleRings(base.obstacles, views) : null

  const boxes = new Int32Array(views.count * 4).fill(-1)
  let restored = false
  let newCells = 0, newInArea = 0
  try {
    for (let v = 0; v < views.count; v++) drawView(base, views, rings, v, boxes)
    markPlanGroundInBlindCells(base, boxes, epoch)
    ;[newCells, newInArea] = diffAndRestore(base, boxes, sel?.mask ?? null)
    restored = true
  } finally {
    if (!restored) restoreBoxes(base, boxes)
  }

  const perCamera = new Uint32Array(views.count)
  let newlyCovered = 0
  const { blindLeft, blindCovered, blindUnseen } = base
  blindLeft.set(blindUnseen)
  const index = base.unseenIndex
  if (index) {
    const { unseenX: ux, unseenY: uy, unseenSlot, unseenStamp } = base
    for (let v = 0; v < views.count; v++) {
      const cx = views.x[v], cy = views.y[v], az = views.azimuth[v], fov = views.fov[v], r = views.range[v]
      if (!(r >= 0) || !Number.isFinite(cx) || !Number.isFinite(cy)) continue
      const ring = rings?.[v]
      // a margin above inSector's rounding slack, so the circle query misses nothing it would count
      for (const id of index.within(cx, cy, r * (1 + 1e-6) + 1e-6)) {
        const px = ux[id], py = uy[id]
        if (!inSector(cx, cy, az, fov, r, px, py)) continue
        if (ring && !ringContains(ring, px, py)) continue
        perCamera[v]++
        if (unseenStamp[id] === epoch) continue
        unseenStamp[id] = epoch
        newlyCovered++
        const s = unseenSlot[id]
        if (s >= 0) blindLeft[s]--
      }
    }
  }
  let blindHotAfter = 0
  for (let s = 0; s < blindLeft.length; s++) if (blindCovered[s] !== epoch && blindLeft[s] > 0) blindHotAfter++

  const seenAfter = base.seenBefore + newlyCovered
  let area: PlanMetrics['area'] = null
  if (sel && selected) {
    const a2 = sel.layer.areaM2[selected.index], before = sel.layer.coveredCells[selected.index]
    // cell·cell and cell ** 2, each as the figure it stands for computes it (areaCoverage, cameraCoverage)
    const cell2 = base.raster.cell * base.raster.cell
    const fraction = (cells: number) => (a2 > 0 ? Math.min(1, (cells * cell2) / a2) : NaN)
    area = { layer: selected.layer, index: selected.index, areaM2: a2, before: fraction(before), after: fraction(before + newInArea) }
  }
  return {
    cameras: plan.count,
    newlyCovered,
    seenBefore: base.seenBefore,
    seenAfter,
    kept: base.kept,
    inViewBefore: base.kept > 0 ? base.seenBefore / base.kept : NaN,
    inViewAfter: base.kept > 0 ? seenAfter / base.kept : NaN,
    blindHotBefore: blindUnseen.length,
    blindHotAfter,
    coveredM2Before: base.coveredCells * base.raster.cell ** 2,
    coveredM2After: (base.coveredCells + newCells) * base.raster.cell ** 2,
    area,
    perCamera,
    ms: performance.now() - t0,
  }
}

function selectedArea(base: PlanBase, layerName: string, index: number): { layer: AreaLayer; mask: AreaMask } {
  const layer = base.layers.get(layerName)
  if (!layer) throw new RangeError(`planMetrics: no area layer "${layerName}" was given to planBase`)
  if (!(Number.isInteger(index) && index >= 0 && index < layer.set.count)) {
    throw new RangeError(`planMetrics: layer "${layerName}" has ${layer.set.count} areas, no area ${index}`)
  }
  const key = `${layerName}\u0000${index}`
  let mask = base.masks.get(key)
  if (mask) {
    base.masks.delete(key)
  } else {
    mask = areaMask(base.raster, layer.set, index, base.proj)
    if (base.masks.size >= MASK_CACHE) base.masks.delete(base.masks.keys().next().value!)
  }
  base.masks.set(key, mask)
  return { layer, mask }
}

/**
 * The raster cells whose centre areaCoverage counts as inside area `a`. areaCoverage scans all
 * of an area's rings together, even-odd; a centre's parity is the sum of its parities per ring
 * (each ring crosses a row an even number of times, and each crossing is computed from its own
 * edge alone), so XOR-ing addRing's mask of each ring gives the same cells.
 */
function areaMask(r: CoverageRaster, areas: AreaSet, a: number, proj: LocalProjection): AreaMask {
  const { coords, ringStart, areaRingStart } = areas
  const rings: Float64Array[] = []
  let ymax = -Infinity
  for (let k = areaRingStart[a]; k < areaRingStart[a + 1]; k++) {
    const ring = new Float64Array((ringStart[k + 1] - ringStart[k]) * 2)
    for (let i = 0, j = ringStart[k] * 2; i < ring.length; i += 2, j += 2) {
      ring[i] = projectX(proj, coords[j])
      ring[i + 1] = projectY(proj, coords[j + 1])
      if (ring[i + 1] > ymax) ymax = ring[i + 1]
    }
    rings.push(ring)
  }
  // Same geometry as r up to the area's top row (so every centre is the same number), no further.
  const rows = Math.min(r.rows, Math.max(0, Math.floor((ymax - r.y0) / r.cell) + 2))
  const words = Math.ceil((rows * r.cols) / 32)
  const blank = (): CoverageRaster => ({ ...r, rows, bits: new Uint32Array(words) })
  const m = blank()
  if (rings.length === 1) {
    addRing(m, rings[0])
  } else if (rings.length > 1) {
    const t = blank()
    for (const ring of rings) {
      addRing(t, ring)
      for (let w = 0; w < words; w++) {
        if (t.bits[w] !== 0) {
          m.bits[w] ^= t.bits[w]
          t.bits[w] = 0
        }
      }
    }
  }
  let w0 = 0, w1 = words
  while (w0 < w1 && m.bits[w0] === 0) w0++
  while (w1 > w0 && m.bits[w1 - 1] === 0) w1--
  return { w0, bits: m.bits.slice(w0, w1) }
}

/**
 * Draws view v into the scratch raster exactly as cameraCoverage draws a view, and records a
 * box of raster rows and columns [r0, r1] × [c0, c1] holding every cell it may have set (a
 * cell of margin around the shape's extent), or leaves -1 when it draws nothing.
 */
function drawView(base: PlanBase, views: CameraViews, rings: Float64Array[] | null, v: number, boxes: Int32Array): void {
  const r = base.scratch
  let x0: number, y0: number, x1: number, y1: number
  if (rings) {
    const ring = rings[v]
    if (ring.length < 6) return
    x0 = y0 = Infinity
    x1 = y1 = -Infinity
    for (let i = 0; i < ring.length; i += 2) {
      x0 = Math.min(x0, ring[i]); x1 = Math.max(x1, ring[i])
      y0 = Math.min(y0, ring[i + 1]); y1 = Math.max(y1, ring[i + 1])
    }
  } else {
    const cx = views.x[v], cy = views.y[v], range = views.range[v]
    // addSector draws nothing for these either
    if (![cx, cy, range, views.azimuth[v], views.fov[v]].every(Number.isFinite) || !(range > 0) || !(views.fov[v] > 0)) return
    x0 = cx - range; x1 = cx + range; y0 = cy - range; y1 = cy + range
  }
  const c0 = Math.max(0, Math.floor((x0 - r.x0) / r.cell) - 1), c1 = Math.min(r.cols - 1, Math.floor((x1 - r.x0) / r.cell) + 1)
  const r0 = Math.max(0, Math.floor((y0 - r.y0) / r.cell) - 1), r1 = Math.min(r.rows - 1, Math.floor((y1 - r.y0) / r.cell) + 1)
  // wholly off the raster: nothing to draw
  if (!(c0 <= c1 && r0 <= r1)) return
  // the box first, so that a failure while drawing still has it put back
  boxes.set([r0, r1, c0, c1], v * 4)
  if (rings) addRing(r, rings[v])
  else addSector(r, views.x[v], views.y[v], views.azimuth[v], views.fov[v], views.range[v])
}

/**
 * Stamps the blind hotspot cells under the plan's boxes that now hold a covered raster cell.
 * The network covers none of a blind cell, so any covered cell there is the plan's.
 */
function markPlanGroundInBlindCells(base: PlanBase, boxes: Int32Array, epoch: number): void {
  const { k, gridCols, blindSlot, blindCovered } = base
  const { bits, cols, rows } = base.scratch
  for (let b = 0; b < boxes.length; b += 4) {
    if (boxes[b] < 0) continue
    for (let gr = Math.floor(boxes[b] / k); gr <= Math.floor(boxes[b + 1] / k); gr++) {
      for (let gc = Math.floor(boxes[b + 2] / k); gc <= Math.floor(boxes[b + 3] / k); gc++) {
        const s = blindSlot[gr * gridCols + gc]
        if (s < 0 || blindCovered[s] === epoch) continue
        const ca = gc * k, cb = Math.min(cols, ca + k)
        for (let row = gr * k, end = Math.min(rows, row + k); row < end; row++) {
          if (countSetBits(bits, row * cols + ca, row * cols + cb) > 0) {
            blindCovered[s] = epoch
            break
          }
        }
      }
    }
  }
}

/**
 * Cells the plan covers that the network does not (in all, and inside the mask), read from the
 * words under the boxes; each word is put back as it is read, so a word under two boxes counts once.
 */
function diffAndRestore(base: PlanBase, boxes: Int32Array, mask: AreaMask | null): [number, number] {
  const s = base.scratch.bits, net = base.raster.bits, cols = base.scratch.cols
  let all = 0, inMask = 0
  for (let b = 0; b < boxes.length; b += 4) {
    if (boxes[b] < 0) continue
    for (let row = boxes[b]; row <= boxes[b + 1]; row++) {
      for (let w = (row * cols + boxes[b + 2]) >>> 5, end = (row * cols + boxes[b + 3]) >>> 5; w <= end; w++) {
        if (s[w] === net[w]) continue
        // the plan only ever sets bits, so the difference is the new cells
        const added = s[w] & ~net[w]
        all += popcount32(added)
        if (mask) {
          const m = w - mask.w0
          if (m >= 0 && m < mask.bits.length) inMask += popcount32(added & mask.bits[m])
        }
        s[w] = net[w]
      }
    }
  }
  return [all, inMask]
}

function restoreBoxes(base: PlanBase, boxes: Int32Array): void {
  const s = base.scratch.bits, net = base.raster.bits, cols = base.scratch.cols
  for (let b = 0; b < boxes.length; b += 4) {
    if (boxes[b] < 0) continue
    for (let row = boxes[b]; row <= boxes[b + 1]; row++) {
      const w0 = (row * cols + boxes[b + 2]) >>> 5, w1 = ((row * cols + boxes[b + 3]) >>> 5) + 1
      s.set(net.subarray(w0, w1), w0)
    }
  }
}
