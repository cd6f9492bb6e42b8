/**
 * A unit's track played back (issue 26, point 1): its line in the timeline's window coloured by
 * the time of the fixes, broken where the unit was silent past the offline limit, and the unit
 * itself where it was at the playback clock: a white disc ringed in its status colour, above
 * the other units' symbols. The legend block says the same.
 */
import { PathLayer, ScatterplotLayer } from '@deck.gl/layers'
import type { Layer } from '@deck.gl/core'
import { interpolatePlasma } from 'd3-scale-chromatic'
import { formatLocalDate } from '../../core/periods'
import { OFFLINE_AFTER_MS, UNIT_STATUSES } from '../../core/unit-tracks'
import { trackPieces, type PlaybackPosition, type TrackSlice } from '../../core/unit-playback'
import type { LegendBlock } from '../legend-model'
import { localClock, UNIT_STATUS_COLOR } from './units-layers'

type Rgb = [number, number, number]
const hex = (h: string): Rgb => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)]
/** Plasma (perceptually uniform, colour-blind safe) without its darkest third, which a dark map swallows. */
const RAMP_FROM = 0.3
const rampColor = (f: number): Rgb => hex(interpolatePlasma(RAMP_FROM + (1 - RAMP_FROM) * Math.min(1, Math.max(0, f))))
/** the legend's ramp: the same colours, start to end of the window */
export const PLAYBACK_RAMP: Rgb[] = [0, 0.2, 0.4, 0.6, 0.8, 1].map(rampColor)
export const PLAYBACK_MARKER: Rgb = [255, 255, 255]
const HALO: [number, number, number, number] = [10, 19, 32, 230]

interface Piece { path: [number, number][]; colors: Rgb[]; times: number[] }
/** The track still ahead of the clock: its colour a third of the way from the map's ground, so the line shows how far the unit has come. */
const GROUND: Rgb = [15, 28, 46]
const dim = (c: Rgb): Rgb => [0, 1, 2].map((k) => Math.round(GROUND[k] + 0.35 * (c[k] - GROUND[k]))) as Rgb

// a slice's pieces are made once: every tick of the clock redraws only their colours
const made = new WeakMap<TrackSlice, Piece[]>()
function pieces(s: TrackSlice): Piece[] {
  let out = made.get(s)
  if (!out) made.set(s, (out = makePieces(s)))
  return out
}

function makePieces(s: TrackSlice): Piece[] {
  const starts = trackPieces(s)
  const span = s.to - s.from || 1
  return starts.map((a, k) => {
    const b = k + 1 < starts.length ? starts[k + 1] : s.time.length
    const p: Piece = { path: [], colors: [], times: [] }
    for (let i = a; i < b; i++) {
      p.path.push([s.lon[i], s.lat[i]])
      p.colors.push(rampColor((s.time[i] - s.from) / span))
      p.times.push(s.time[i])
    }
    return p
  }).filter((p) => p.path.length > 1)
}

export interface PlaybackLayerData {
  slice: TrackSlice
  /** the playback clock: the track after it is drawn faint */
  now: number | null
  /** null before the unit's first fix in the window */
  position: PlaybackPosition | null
}

/** The track under the unit; symbolPx the units' symbol size, which the marker outgrows a little. */
export function unitPlaybackLayers(d: PlaybackLayerData, symbolPx = 16): Layer[] {
  const lines = pieces(d.slice)
  const now = d.now
  const layers: Layer[] = [
    new PathLayer<Piece>({ id: 'unit-playback-halo', data: lines, getPath: (p) => p.path, getColor: HALO, widthUnits: 'pixels', getWidth: 7, capRounded: true, jointRounded: true }),
    // the track ahead of the clock dimmed (opaque: a road patrolled ten times over stays as dim),
    // under the track played so far
    new PathLayer<Piece>({
      id: 'unit-playback-ahead', data: lines, getPath: (p) => p.path, widthUnits: 'pixels', getWidth: 4, capRounded: true, jointRounded: true,
      getColor: (p) => p.colors.map((c, i) => (now !== null && p.times[i] > now ? [...dim(c), 255] : [0, 0, 0, 0])),
      updateTriggers: { getColor: now },
    }),
    new PathLayer<Piece>({
      id: 'unit-playback-track', data: lines, getPath: (p) => p.path, widthUnits: 'pixels', getWidth: 4, capRounded: true, jointRounded: true,
      getColor: (p) => p.colors.map((c, i) => [c[0], c[1], c[2], now !== null && p.times[i] > now ? 0 : 255]),
      updateTriggers: { getColor: now },
    }),
  ]
  const at = d.position
  if (at) {
    layers.push(new ScatterplotLayer({
      id: 'unit-playback-unit', data: [at], getPosition: (p: PlaybackPosition) => [p.lon, p.lat], radiusUnits: 'pixels', getRadius: symbolPx * 0.55,
      filled: true, getFillColor: [...PLAYBACK_MARKER, 255], stroked: true, lineWidthUnits: 'pixels', getLineWidth: symbolPx * 0.25,
      getLineColor: (p: PlaybackPosition) => [...UNIT_STATUS_COLOR[UNIT_STATUSES[p.status]], 255],
    }))
  }
  return layers
}

type Translate = (key: string, named?: Record<string, unknown>) => string

/** The key: the ramp from the window's start to its end, the marker, and what the line leaves out. */
export function unitPlaybackLegendBlock(s: { unitId: string; from: number; to: number; now: number | null }, t: Translate): LegendBlock {
  const css = (c: readonly number[]) => `rgb(${c.join(',')})`
  const [d0, d1] = [formatLocalDate(s.from), formatLocalDate(s.to)]
  return {
    id: 'unitPlayback',
    title: t('playback26.legendTitle', { unit: s.unitId }),
    ramp: { colors: PLAYBACK_RAMP.map(css), low: localClock(s.from), high: localClock(s.to) },
    items: [{ shape: 'dot', color: css(PLAYBACK_MARKER), label: s.now === null ? t('playback26.legendUnit') : t('playback26.legendUnitAt', { time: localClock(s.now) }) }],
    // the desk's generic key shows no subtitle or period: the dates go with the notes
    notes: [t('playback26.legendDates', { dates: d0 === d1 ? d0 : `${d0} – ${d1}` }), t('playback26.legendAhead'), t('playback26.legendGaps', { n: OFFLINE_AFTER_MS / 60_000 })],
  }
}
