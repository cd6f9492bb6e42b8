/**
 * Street and station names that cross neither each other nor the stations' dots: each time the
 * camera moves (once per frame at most) the names' screen boxes are measured in the label font
 * and core/label-placement.ts picks where each goes, or leaves it out. `shown` (per label set
 * id, per name: the place taken, -1 for none) changes only when that choice does.
 */
import { shallowRef } from 'vue'
import type * as maplibregl from 'maplibre-gl'
import { placeLabels } from '../core/label-placement'
import { labelBoxes, labelText, symbolBoxes, type LabelSet, type SymbolSet } from '../map/layers/label-layer'
import { LABEL_FONT } from '../map/theme'
import { markLabels } from '../map/ready-marks'

export function useLabelPlacement(sets: () => { labels: LabelSet[]; symbols: SymbolSet[] }) {
  const shown = shallowRef<Record<string, Int8Array>>({})
  let map: maplibregl.Map | null = null
  let frame = 0
  const widths = new Map<string, number>()
  let ctx: CanvasRenderingContext2D | null = null

  function textWidth(text: string, size: number): number {
    const key = `${size}|${text}`
    let w = widths.get(key)
    if (w === undefined) {
      ctx ??= document.createElement('canvas').getContext('2d')
      if (ctx) ctx.font = `${size}px '${LABEL_FONT}', sans-serif`
      w = ctx ? ctx.measureText(text).width : size * text.length
      widths.set(key, w)
    }
    return w
  }

  function place() {
    frame = 0
    if (!map) return
    const m = map
    const { width, height } = m.getContainer().getBoundingClientRect()
    const { labels, symbols } = sets()
    const project = (p: [number, number]): [number, number] | null => {
      const q = m.project(p)
      // names of points far off screen take no room
      return q.x < -width || q.x > 2 * width || q.y < -height || q.y > 2 * height ? null : [q.x, q.y]
    }
    const perSet = labels.map((s) => labelBoxes(s, project, textWidth).map((boxes) => ({ boxes, priority: s.priority })))
    const dots = symbols.flatMap((s) => symbolBoxes(s, project).map((boxes) => ({ boxes, priority: Infinity })))
    const taken = placeLabels([...perSet.flat(), ...dots])
    const next: Record<string, Int8Array> = {}
    let at = 0
    for (const s of labels) {
      next[s.id] = taken.slice(at, at + s.points.length)
      at += s.points.length
    }
    const key = (r: Record<string, Int8Array>) => Object.entries(r).map(([id, v]) => `${id}:${v.join()}`).join(';')
    if (key(next) !== key(shown.value)) shown.value = next
    markLabels(labels.flatMap((s) => s.points.flatMap((f, i) => {
      const k = next[s.id][i]
      if (k < 0) return []
      const [dx, dy] = s.places?.[k] ?? [0, 0]
      return [{ text: labelText(f.properties?.name), lonLat: f.geometry.coordinates as [number, number], size: s.style.size, offset: [(s.style.offsetPixels ?? 0) + dx * s.style.size, dy * s.style.size] as [number, number], anchor: s.style.offsetPixels === undefined ? 'middle' as const : 'start' as const }]
    })))
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(place)
  }

  return {
    shown,
    /** Places again now (the label sets changed). */
    schedule,
    follow(m: maplibregl.Map) {
      map = m
      m.on('move', schedule)
      m.on('resize', schedule)
      schedule()
    },
  }
}
