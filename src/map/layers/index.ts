import type { Layer } from '@deck.gl/core'
import type { Feature, FeatureCollection, Point } from 'geojson'
import type { CameraColumns } from '../../core/cameras'
import type { IncidentColumns } from '../../core/incidents'
import type { LayerId } from '../../core/layer-ids'
import { OKABE_ITO } from '../theme'
import { camerasLayer, camerasWithoutHeadingAt, noHeadingLayer } from './cameras-layer'
import { kindAreasLayer } from './kind-areas-layer'
import { COMPOUND_KIND_COLOR, KEY_SITE_KIND_COLOR } from './colors'
import { pointSiteLabels, pointSitesLayers, type PointSiteStyle } from './point-sites-layer'
import { streetLabels, streetsLayers } from './streets-layer'
import type { LabelSet, SymbolSet } from './label-layer'
import { gridsLayer } from './grids-layer'
import { coverageLayer, gapCellsLayer } from './coverage-layers'
import type { CoverageSummary, PatrolSummary } from '../../workers/contracts'
import { isochronesLayer, patrolLayers } from './patrol-layers'
import { planLayers, type PlanLayerData } from './plan-layers'

export interface OverlayData {
  streets: FeatureCollection | null
  compounds: FeatureCollection | null
  keySites: FeatureCollection | null
  grids: FeatureCollection | null
  stations: FeatureCollection | null
  checkpoints: FeatureCollection | null
  cameras: CameraColumns | null
  incidents: IncidentColumns | null
  /** camera views and the gap grid, when computed */
  coverage: CoverageSummary | null
  selectedGap: number | null
  /** patrol grids, radius rings and isochrones, when computed */
  patrol: PatrolSummary | null
  /** hour band whose priorities and checks the patrol grids show; null: suggested levels */
  patrolBand: number | null
  /** the camera plan being edited and its pending suggestions */
  plan: PlanLayerData | null
}

/** How symbols and names are drawn: `scale` × their desk size (the wall's screen), and which names clear the others. */
export interface SymbolOptions {
  scale: number
  /** per label set id (`streets-labels`, `stations-labels`): the place each name takes, -1 for none; absent: all at home */
  shown: Readonly<Record<string, Int8Array>>
}

export const STATION_STYLE: PointSiteStyle = { id: 'stations', color: OKABE_ITO.blue, radiusPixels: 9, labels: true }
const CHECKPOINT_STYLE: PointSiteStyle = { id: 'checkpoints', color: OKABE_ITO.orange, radiusPixels: 6, labels: false }

/** The names that must not cross each other nor the stations' dots (core/label-placement.ts). */
export function overlayLabelSets(d: Pick<OverlayData, 'streets' | 'stations'>, visible: ReadonlySet<LayerId>, scale = 1): { labels: LabelSet[]; symbols: SymbolSet[] } {
  const labels: LabelSet[] = []
  const symbols: SymbolSet[] = []
  if (d.streets && visible.has('streets')) labels.push(streetLabels(d.streets, scale))
  if (d.stations && visible.has('stations')) {
    // the dot's outline (2 px) reaches 1 px past its radius
    labels.push(pointSiteLabels(d.stations, STATION_STYLE, scale))
    symbols.push({ points: d.stations.features as Feature<Point>[], radiusPixels: (STATION_STYLE.radiusPixels + 1) * scale })
  }
  return { labels, symbols }
}

/** The core deck.gl layers for the current data and visibility, bottom first (feature overlays: composables/use-map-overlays.ts). */
export function buildOverlayLayers(d: OverlayData, visible: ReadonlySet<LayerId>, symbols: SymbolOptions = { scale: 1, shown: {} }): Layer[] {
  const { scale, shown } = symbols
  const layers: Layer[] = []
  if (d.coverage) layers.push(gapCellsLayer(d.coverage, visible.has('gaps'), d.selectedGap))
  if (d.patrol) layers.push(isochronesLayer(d.patrol, visible.has('isochrones')), ...patrolLayers(d.patrol, visible.has('patrol'), d.patrolBand))
  if (d.grids) layers.push(gridsLayer(d.grids, visible.has('grids')))
  if (d.streets) layers.push(...streetsLayers(d.streets, visible.has('streets'), scale, shown['streets-labels'] ?? null))
  if (d.compounds) layers.push(kindAreasLayer('compounds', d.compounds, visible.has('compounds'), { palette: COMPOUND_KIND_COLOR, fillAlpha: 60, lineWidthPixels: 1 }))
  if (d.keySites) layers.push(kindAreasLayer('keySites', d.keySites, visible.has('keySites'), { palette: KEY_SITE_KIND_COLOR, fillAlpha: 110, lineWidthPixels: 2 }))
  if (d.coverage && d.cameras) layers.push(coverageLayer(d.coverage, d.cameras, visible.has('coverage')))
  // cameras without heading: a circle of their range, at the coverage's DORI level when it is shown
  const coverageOn = d.coverage !== null && visible.has('coverage')
  const noHeading = coverageOn ? noHeadingLayer('coverage-no-heading', d.coverage!.withoutHeading, true)
    : d.cameras && noHeadingLayer('cameras-no-heading', camerasWithoutHeadingAt(d.cameras), visible.has('cameras'))
  if (noHeading) layers.push(noHeading)
  if (d.cameras) layers.push(camerasLayer(d.cameras, visible.has('cameras'), scale))
  if (d.plan) layers.push(...planLayers(d.plan, visible.has('plan')))
  if (d.checkpoints) layers.push(...pointSitesLayers(d.checkpoints, visible.has('checkpoints'), CHECKPOINT_STYLE, scale))
  if (d.stations) layers.push(...pointSitesLayers(d.stations, visible.has('stations'), STATION_STYLE, scale, shown['stations-labels'] ?? null))
  return layers
}
