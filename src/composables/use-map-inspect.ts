import type * as maplibregl from 'maplibre-gl'
import { useIncidentDisplayStore } from '../stores/incident-display'
import { useInspectionStore } from '../stores/inspection'
import { useViewStore } from '../stores/view'

/** What the click handler needs of deck.gl's overlay. */
interface Picker {
  pickObject(o: { x: number; y: number; radius: number; layerIds: string[] }): { object?: unknown } | null
}

/** MapLibre's world is 512 px wide at zoom 0, on a sphere of 6,378,137 m. */
const EQUATOR_M = 2 * Math.PI * 6378137
/** pixels of slack around a dot: a click on its edge still counts */
const SLACK_PX = 3

/**
 * A click on the map lists the incidents there: the dots under the pointer (points mode), a
 * hexagon's incidents, or a significant Gi* cell's. Returns whether it opened the list.
 */
export function useMapInspect() {
  const view = useViewStore()
  const display = useIncidentDisplayStore()
  const inspection = useInspectionStore()

  return async function click(map: maplibregl.Map, picker: Picker, e: maplibregl.MapMouseEvent): Promise<boolean> {
    const { lng: lon, lat } = e.lngLat
    const at = { x: e.originalEvent.clientX, y: e.originalEvent.clientY }
    if (view.visible.has('incidents') && display.mode === 'points') {
      const px = Math.max(1.5, display.radius / 10) + SLACK_PX
      const radiusM = (px * EQUATOR_M * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** map.getZoom())
      if (await inspection.inspect({ kind: 'near', lon, lat, radiusM }, at, { lon, lat, radiusM })) return true
    }
    if (view.visible.has('incidents') && display.mode === 'hexagon') {
      const hit = picker.pickObject({ x: e.point.x, y: e.point.y, radius: 0, layerIds: ['incidents-hexagon'] })
      const points = (hit?.object as { pointIndices?: ArrayLike<number> } | undefined)?.pointIndices
      // the hexagons draw the rows the filter keeps, numbered among themselves
      if (points && (await inspection.inspect({ kind: 'kept', indices: Array.from(points) }, at, { lon, lat }))) return true
    }
    if (view.visible.has('hotspots')) {
      const hot = inspection.hotCellAt(lon, lat)
      if (hot && (await inspection.inspect(hot.where, at, { lon, lat, cell: hot.corners }))) return true
    }
    inspection.close()
    return false
  }
}
