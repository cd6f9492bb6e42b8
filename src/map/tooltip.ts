import type { Feature } from 'geojson'
import { escapeHtml } from '../core/escape-html'
import { unitTooltipHtml, type DrawnUnit } from './layers/units-layers'
import { CAMERA_CLASSES, CAMERA_STATUSES, CAMERA_TYPES, headingUnknown, type CameraColumns } from '../core/cameras'

type Translate = (key: string) => string

export interface PickInput {
  layerId: string
  object?: unknown
  index: number
}

/** Longest value shown: a tooltip is a glance, and a 10,000-character name would cover the map. */
export const TOOLTIP_MAX_CHARS = 120

/** A value cut to TOOLTIP_MAX_CHARS (the incident list cuts its cells the same way). */
export const clip = (value: string) => (value.length > TOOLTIP_MAX_CHARS ? `${value.slice(0, TOOLTIP_MAX_CHARS)}…` : value)
const row = (label: string, value: string) => `<div><span class="tt-k">${escapeHtml(label)}</span> ${escapeHtml(clip(value))}</div>`

/**
 * Tooltip HTML for a picked object. Every value from data goes through escapeHtml: names and
 * addresses come from imported files and must never become markup.
 */
export function tooltipHtml(pick: PickInput, cameras: CameraColumns | null, t: Translate): string | null {
  const { layerId } = pick
  if (layerId === 'units' && pick.object) return unitTooltipHtml(pick.object as DrawnUnit, t)
  if (layerId === 'cameras' && cameras && pick.index >= 0 && pick.index < cameras.count) {
    const i = pick.index
    return [
      `<b>${escapeHtml(clip(cameras.ids[i]))}</b>`,
      row(t('tooltip.type'), t(`camera.${CAMERA_TYPES[cameras.type[i]]}`)),
      row(t('tooltip.class'), CAMERA_CLASSES[cameras.cls[i]]),
      row(t('tooltip.azimuth'), headingUnknown(cameras, i) ? t('tooltip.headingUnknown') : `${Math.round(cameras.azimuth[i])}°`),
      row(t('tooltip.fov'), `${Math.round(cameras.fov[i])}°`),
      row(t('tooltip.range'), `${Math.round(cameras.range[i])} ${t('units.metres')}`),
      row(t('tooltip.status'), t(`camera.${CAMERA_STATUSES[cameras.status[i]]}`)),
    ].join('')
  }
  const f = pick.object as Feature | undefined
  const p = f?.properties
  if (!p) return null
  const lines = [`<b>${escapeHtml(clip(String(p.name ?? p.id)))}</b>`]
  if (p.kind) lines.push(row(t('tooltip.kind'), t(`kind.${String(p.kind)}`)))
  if (p.community) lines.push(row(t('tooltip.community'), String(p.community)))
  if (typeof p.population === 'number') lines.push(row(t('tooltip.population'), `${p.population.toLocaleString()} ${t('units.people')}`))
  if (layerId === 'patrol') {
    lines.push(row(t('patrol.levelNow'), String(p.level_now)), row(t('patrol.levelSuggested'), String(p.level_suggested)))
    if (p.station) lines.push(row(t('patrol.station'), String(p.station)))
    lines.push(row(t('patrol.priority'), String(p.priority_max)))
  }
  return lines.join('')
}
