/**
 * Legend blocks of the crime-analysis layers (near-repeat zone and roles, emerging patterns,
 * repeat places); legend-blocks.ts places them among the others.
 */
import { PATTERN_NAMES } from '../core/emerging-hotspots'
import { ROLE_NAMES } from '../core/near-repeat'
import type { RepeatPlacesBy } from '../core/repeat-places'
import type { CubeStep } from '../core/space-time-cube'
import type { Translate } from '../i18n'
import { REPEAT_PLACES_COLOR } from './crime-overlays'
import { PATTERN_ALPHA, PATTERN_COLORS } from './layers/emerging-layer'
import { ROLE_COLORS, ZONE_COLOR } from './layers/near-repeat-layers'
import type { LegendBlock, LegendSwatch } from './legend-model'

export interface CrimeLegendState {
  nearRepeat: {
    /** the zone's radius and the recent window, null before a result */
    zone: { distance: number; windowDays: number } | null
    /** incidents of the window per role code (isolated, originator, near repeat) */
    roles: ArrayLike<number> | null
    computing: boolean
  }
  emerging: {
    /** cells per pattern code */
    tally: ArrayLike<number> | null
    cell: number
    band: number
    step: CubeStep
    computing: boolean
  }
  repeatPlaces: {
    /** incidents at the top place, null before a result */
    top: number | null
    by: RepeatPlacesBy
    snap: number
    computing: boolean
  }
}

const css = (c: readonly number[]) => `rgb(${c[0]},${c[1]},${c[2]})`
/** Roles in key order: what the analyst acts on first. */
const ROLE_ORDER = [2, 1, 0] as const

export function nearRepeatBlock(s: CrimeLegendState['nearRepeat'], lang: string, t: Translate): LegendBlock {
  const items: LegendSwatch[] = []
  if (s.zone) {
    // the map draws the zone as a bright outline over a faint fill: the key shows the outline
    items.push({ shape: 'outline', color: css(ZONE_COLOR), label: t('crime.legend.zone', { d: s.zone.distance, days: s.zone.windowDays }) })
  }
  for (const r of ROLE_ORDER) {
    items.push({ shape: 'dot', color: css(ROLE_COLORS[r]), label: t(`crime.near.roles.${ROLE_NAMES[r]}`), ...(s.roles ? { count: s.roles[r].toLocaleString(lang) } : {}) })
  }
  const notes = s.zone ? [t('crime.legend.nearNote', { days: s.zone.windowDays })] : []
  if (s.computing) notes.push(t('crime.legend.computing'))
  return { id: 'nearRepeat', title: t('layers.nearRepeat'), items, notes }
}

/** The patterns present, hot then cold in PATTERN_NAMES order, each with its cells; "no pattern" last, as an outline (not drawn). */
export function emergingBlock(s: CrimeLegendState['emerging'], t: Translate): LegendBlock {
  const items: LegendSwatch[] = []
  const tally = s.tally
  if (tally) {
    for (let code = 1; code < PATTERN_NAMES.length; code++) {
      if (tally[code] > 0) {
        items.push({ shape: 'square', color: css(PATTERN_COLORS[code]), opacity: PATTERN_ALPHA / 255, label: t(`crime.patterns.${PATTERN_NAMES[code]}`), count: t('crime.legend.cells', { n: tally[code] }) })
      }
    }
    items.push({ shape: 'outline', color: '#8fa6c1', label: t('crime.patterns.no_pattern'), count: t('crime.legend.cells', { n: tally[0] }) })
  }
  const notes = [t('crime.legend.emergingNote', { cell: s.cell, band: s.band, step: t(`crime.emerging.steps.${s.step}`) })]
  if (s.computing) notes.push(t('crime.legend.computing'))
  return { id: 'emerging', title: t('layers.emerging'), items, notes }
}

export function repeatPlacesBlock(s: CrimeLegendState['repeatPlaces'], t: Translate): LegendBlock {
  const items: LegendSwatch[] = s.top === null ? [] : [{ shape: 'bigDot', color: css(REPEAT_PLACES_COLOR), label: t('crime.legend.places', { n: s.top }) }]
  const notes = [s.by === 'address' ? t('crime.legend.placesByAddress') : t('crime.legend.placesNote', { snap: s.snap })]
  if (s.computing) notes.push(t('crime.legend.computing'))
  return { id: 'repeatPlaces', title: t('layers.repeatPlaces'), items, notes }
}
