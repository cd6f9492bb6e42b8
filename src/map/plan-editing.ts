/**
 * Hand editing of a camera plan on the map: a click adds a camera (with the add tool), the
 * selected camera gets two DOM handles, one to drag it and one to turn it. Handles are MapLibre
 * markers rather than deck.gl picking so that a drag never pans the map, they stay the same
 * size at any zoom, and a keyboard or a test can find them as elements.
 */
import * as maplibregl from 'maplibre-gl'
import type { MapboxOverlay } from '@deck.gl/mapbox'
import { watch } from 'vue'
import type { PlanCamera } from '../core/plan-cameras'

/** Screen distance of the turn handle from its camera: far enough to grab at any zoom. */
export const TURN_HANDLE_PX = 56

const DEG = Math.PI / 180

/** Azimuth (clockwise from north) of the screen direction from `a` to `b`, on a map turned by `mapBearing`. */
export function screenAzimuth(a: { x: number; y: number }, b: { x: number; y: number }, mapBearing: number): number {
  const az = Math.atan2(b.x - a.x, a.y - b.y) / DEG + mapBearing
  return ((az % 360) + 360) % 360
}

/** The plan being edited: the plan store fits, as does any object with these members. */
export interface PlanEditor {
  readonly selected: PlanCamera | null
  /** 'add': a click on the ground adds a camera there */
  readonly tool: 'select' | 'add'
  selectedId: string | null
  addCamera(lon: number, lat: number): void
  dragCamera(id: string, patch: Partial<Pick<PlanCamera, 'lon' | 'lat' | 'azimuth'>>, phase: 'move' | 'end'): void
}

function handle(className: string, testId: string, label: string): HTMLElement {
  const el = document.createElement('div')
  el.className = `plan-handle ${className}`
  el.dataset.testid = testId
  el.title = label
  el.setAttribute('aria-label', label)
  return el
}

export function attachPlanEditing(
  map: maplibregl.Map, overlay: MapboxOverlay, plan: PlanEditor, labels: { move: string; turn: string }, isShown: () => boolean,
): () => void {
  const moveEl = handle('move', 'plan-move-handle', labels.move)
  const turnEl = handle('turn', 'plan-turn-handle', labels.turn)
  const mover = new maplibregl.Marker({ element: moveEl, draggable: true })
  const turner = new maplibregl.Marker({ element: turnEl, draggable: true })
  let shown = false
  let dragging = false

  function turnPosition(lon: number, lat: number, azimuth: number): maplibregl.LngLat {
    const p = map.project([lon, lat])
    const a = (azimuth - map.getBearing()) * DEG
    return map.unproject([p.x + TURN_HANDLE_PX * Math.sin(a), p.y - TURN_HANDLE_PX * Math.cos(a)])
  }

  function place() {
    const c = plan.selected
    if (!c || !isShown()) {
      if (shown) {
        mover.remove()
        turner.remove()
        shown = false
      }
      return
    }
    if (dragging) return
    mover.setLngLat([c.lon, c.lat])
    turner.setLngLat(turnPosition(c.lon, c.lat, c.azimuth))
    turnEl.style.display = c.fov >= 360 ? 'none' : ''
    if (!shown) {
      mover.addTo(map)
      turner.addTo(map)
      shown = true
    }
  }

  const dragOf = (phase: 'move' | 'end') => () => {
    const c = plan.selected
    if (!c) return
    dragging = phase === 'move'
    const p = mover.getLngLat()
    plan.dragCamera(c.id, { lon: p.lng, lat: p.lat }, phase)
    if (phase === 'move') turner.setLngLat(turnPosition(p.lng, p.lat, c.azimuth))
  }
  mover.on('drag', dragOf('move'))
  mover.on('dragend', dragOf('end'))

  const turnOf = (phase: 'move' | 'end') => () => {
    const c = plan.selected
    if (!c) return
    dragging = phase === 'move'
    const azimuth = screenAzimuth(map.project([c.lon, c.lat]), map.project(turner.getLngLat()), map.getBearing())
    plan.dragCamera(c.id, { azimuth: Math.round(azimuth) }, phase)
    if (phase === 'end') place() // back onto the circle at the new bearing
  }
  turner.on('drag', turnOf('move'))
  turner.on('dragend', turnOf('end'))

  const onClick = (e: maplibregl.MapMouseEvent) => {
    // a click on a handle reaches the map too; it is not a click on the ground
    if (!isShown() || (e.originalEvent.target as Element | null)?.closest?.('.plan-handle')) return
    if (plan.tool === 'add') {
      plan.addCamera(e.lngLat.lng, e.lngLat.lat)
      return
    }
    const hit = overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 6, layerIds: ['plan-cameras'] })
    plan.selectedId = (hit?.object as { id?: string } | undefined)?.id ?? null
  }
  map.on('click', onClick)
  map.on('move', place)

  const stop = watch(() => [plan.selected, plan.tool, isShown()], () => {
    map.getCanvas().style.cursor = isShown() && plan.tool === 'add' ? 'crosshair' : ''
    place()
  }, { immediate: true })

  return () => {
    stop()
    map.off('click', onClick)
    map.off('move', place)
    mover.remove()
    turner.remove()
  }
}
