/**
 * Patrol units on the map (issue 26): a symbol per unit, its shape the kind and its colour the
 * status, the last minutes as a trail fading to nothing, and for a selected alert the fastest
 * unit's route. The legend block and the tooltip say the same as the symbols.
 */
import { IconLayer, PathLayer, ScatterplotLayer } from '@deck.gl/layers'
import type { Layer } from '@deck.gl/core'
import { escapeHtml } from '../../core/escape-html'
import { SHANGHAI_OFFSET_MS } from '../../core/periods'
import { OFFLINE_AFTER_MS, UNIT_KINDS, UNIT_STATUSES, type UnitKind, type UnitStatus } from '../../core/unit-tracks'
import { TRAIL_MS, type UnitsSnapshot } from '../../core/units-snapshot'
import type { LegendBlock, LegendSwatch } from '../legend-model'
import { OKABE_ITO } from '../theme'

type Rgb = readonly [number, number, number]

/** Status by colour (Okabe–Ito: apart for every common colour-vision deficiency); grey for the silent. */
export const UNIT_STATUS_COLOR: Record<UnitStatus, Rgb> = {
  patrolling: OKABE_ITO.green,
  on_alert: OKABE_ITO.purple,
  at_station: OKABE_ITO.blue,
  offline: OKABE_ITO.grey,
}
export const ROUTE_COLOR: Rgb = OKABE_ITO.skyBlue
const HALO: [number, number, number, number] = [10, 19, 32, 230]

/**
 * Kind by shape, each the legend's swatch of the same name: car a filled square, special duty a
 * hollow square, foot a dot, e-bike a ring. Mask icons, tinted with the status colour.
 */
const KIND_SHAPE: Record<UnitKind, LegendSwatch['shape']> = { car: 'square', special: 'outline', foot: 'dot', ebike: 'ring', unknown: 'dot' }
const ICON_PX = 64
const ICON_NAMES: LegendSwatch['shape'][] = ['square', 'outline', 'dot', 'bigDot', 'ring']
const MAPPING = Object.fromEntries(ICON_NAMES.map((n, i) => [n, { x: i * ICON_PX, y: 0, width: ICON_PX, height: ICON_PX, mask: true }]))
let atlas: HTMLCanvasElement | null = null

/**
 * One row of white 64 px mask icons, drawn once on a canvas (an SVG image would not do: the
 * image loader decodes through createImageBitmap, which takes no SVG).
 */
function iconAtlas(): HTMLCanvasElement {
  if (atlas) return atlas
  const c = document.createElement('canvas')
  c.width = ICON_PX * ICON_NAMES.length
  c.height = ICON_PX
  const g = c.getContext('2d')!
  g.fillStyle = g.strokeStyle = '#fff'
  ICON_NAMES.forEach((name, i) => {
    const x0 = i * ICON_PX, mid = x0 + ICON_PX / 2
    g.beginPath()
    if (name === 'square') g.fillRect(x0 + 10, 10, 44, 44)
    else if (name === 'outline') { g.lineWidth = 11; g.strokeRect(x0 + 12, 12, 40, 40) }
    else if (name === 'ring') { g.lineWidth = 10; g.arc(mid, 32, 20, 0, 2 * Math.PI); g.stroke() }
    else { g.arc(mid, 32, name === 'bigDot' ? 26 : 20, 0, 2 * Math.PI); g.fill() }
  })
  return (atlas = c)
}

/** A unit as the layers and the tooltip read it. */
export interface DrawnUnit {
  id: string
  kind: UnitKind
  status: UnitStatus
  position: [number, number]
  speed: number
  fixTime: number
}

export function drawnUnits(s: UnitsSnapshot): DrawnUnit[] {
  return s.ids.map((id, k) => ({
    id, kind: UNIT_KINDS[s.kind[k]], status: UNIT_STATUSES[s.status[k]], position: [s.lon[k], s.lat[k]], speed: s.speed[k], fixTime: s.fixTime[k],
  }))
}

interface Trail { path: [number, number][]; colors: [number, number, number, number][] }

/** Each unit's trail with a colour per vertex: its status colour, from clear (TRAIL_MS ago) to 70 %. */
function trails(s: UnitsSnapshot): Trail[] {
  const out: Trail[] = []
  for (let k = 0; k < s.ids.length; k++) {
    const a = s.trailStart[k], b = s.trailStart[k + 1]
    if (b - a < 2) continue
    const c = UNIT_STATUS_COLOR[UNIT_STATUSES[s.status[k]]]
    const t: Trail = { path: [], colors: [] }
    for (let j = a; j < b; j++) {
      t.path.push([s.trailLon[j], s.trailLat[j]])
      t.colors.push([c[0], c[1], c[2], Math.round(180 * Math.max(0, 1 - s.trailAge[j] / TRAIL_MS))])
    }
    out.push(t)
  }
  return out
}

export interface UnitsLayerData {
  snapshot: UnitsSnapshot
  /** the selected alert and the fastest unit's route to it, when an alert is selected */
  alert: { lon: number; lat: number } | null
  route: [number, number][] | null
}

/** Trails, the route, the alert and the units, bottom first. */
export function unitsLayers(d: UnitsLayerData, symbolPx = 16): Layer[] {
  const units = drawnUnits(d.snapshot)
  const layers: Layer[] = [
    new PathLayer<Trail>({
      id: 'units-trails', data: trails(d.snapshot), getPath: (t) => t.path, getColor: (t) => t.colors,
      widthUnits: 'pixels', getWidth: 3, capRounded: true, jointRounded: true, pickable: false,
    }),
  ]
  if (d.route) {
    const route = [{ path: d.route }]
    layers.push(
      new PathLayer({ id: 'units-route-halo', data: route, getPath: (r) => r.path, getColor: HALO, widthUnits: 'pixels', getWidth: 9, capRounded: true, jointRounded: true }),
      new PathLayer({ id: 'units-route', data: route, getPath: (r) => r.path, getColor: [...ROUTE_COLOR, 255], widthUnits: 'pixels', getWidth: 5, capRounded: true, jointRounded: true }),
    )
  }
  if (d.alert) {
    layers.push(new ScatterplotLayer({
      id: 'units-alert', data: [d.alert], getPosition: (a) => [a.lon, a.lat], radiusUnits: 'pixels', getRadius: 11,
      filled: false, stroked: true, lineWidthUnits: 'pixels', getLineWidth: 3, getLineColor: [255, 255, 255, 255],
    }))
  }
  layers.push(
    // a dark halo under each symbol keeps it apart from the incident dots and the base map
    new ScatterplotLayer<DrawnUnit>({
      id: 'units-halo', data: units, getPosition: (u) => u.position, radiusUnits: 'pixels', getRadius: symbolPx * 0.62, getFillColor: HALO, pickable: false,
    }),
    new IconLayer<DrawnUnit>({
      // an image prop takes a canvas too (the typings name only a URL or a texture)
      id: 'units', data: units, iconAtlas: iconAtlas() as unknown as string, iconMapping: MAPPING, getIcon: (u) => KIND_SHAPE[u.kind], getPosition: (u) => u.position,
      sizeUnits: 'pixels', getSize: symbolPx, getColor: (u) => [...UNIT_STATUS_COLOR[u.status], 255], pickable: true, billboard: true,
    }),
  )
  return layers
}

type Translate = (key: string, named?: Record<string, unknown>) => string

/** The key: shapes for the kinds (neutral), dots for the statuses' colours. */
export function unitsLegendBlock(t: Translate): LegendBlock {
  const kinds = (['car', 'foot', 'ebike', 'special'] as const).map((k): LegendSwatch => ({ shape: KIND_SHAPE[k], color: 'rgb(230,237,245)', label: t(`patrolUnits.kind.${k}`) }))
  const statuses = UNIT_STATUSES.map((s): LegendSwatch => ({ shape: 'dot', color: `rgb(${UNIT_STATUS_COLOR[s].join(',')})`, label: t(`patrolUnits.status.${s}`) }))
  return { id: 'units', title: t('layers.units'), items: [...kinds, ...statuses], notes: [t('patrolUnits.trailNote', { n: TRAIL_MS / 60_000 }), t('patrolUnits.offlineNote', { n: OFFLINE_AFTER_MS / 60_000 })] }
}

/** hh:mm:ss in Asia/Shanghai */
export function localClock(t: number): string {
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(11, 19)
}

/** Tooltip of a unit: every value escaped (unit ids come from imported files). */
export function unitTooltipHtml(u: DrawnUnit, t: Translate): string {
  const row = (k: string, v: string) => `<div><span class="tt-k">${escapeHtml(k)}</span> ${escapeHtml(v)}</div>`
  return [
    `<b>${escapeHtml(u.id.slice(0, 120))}</b>`,
    row(t('patrolUnits.kindLabel'), t(`patrolUnits.kind.${u.kind}`)),
    row(t('patrolUnits.statusLabel'), t(`patrolUnits.status.${u.status}`)),
    row(t('patrolUnits.speed'), Number.isFinite(u.speed) ? `${u.speed.toFixed(0)} km/h` : '—'),
    row(t('patrolUnits.lastFix'), localClock(u.fixTime)),
  ].join('')
}
