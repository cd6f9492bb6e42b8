import { describe, expect, it } from 'vitest'
import { legendBlocks, type LegendState } from '../../../src/map/legend-blocks'
import type { LegendBlock } from '../../../src/map/legend-model'
import { LAYER_IDS, type LayerId } from '../../../src/core/layer-ids'
import { classBounds, classBreaks, classCounts, labelDecimals, divergingBreaks, type ClassBreaks } from '../../../src/core/area-stats'
import { GAP_COLORS, OFFLINE_VIEW_ALPHA, PLAN_ALPHA, PLAN_LINE, SUGGESTION_ALPHA, VIEW_ALPHA } from '../../../src/map/palette'
import { CATEGORIES } from '../../../src/core/incidents'
import { monthPeriod, parseLocalDate } from '../../../src/core/periods'
import { densityRange } from '../../../src/core/incident-display-mode'
import { CAMERA_CLASS_COLOR, CAMERA_OFFLINE_COLOR, COMPOUND_KIND_COLOR, KEY_SITE_KIND_COLOR, NO_HEADING_COLOR } from '../../../src/map/layers/colors'
import { classColors, NO_VALUE_LINE } from '../../../src/map/layers/choropleth-layer'
import { heatRadiusMetres, metresPerPixel } from '../../../src/map/layers/heat-units'
import { HOTSPOT_COLORS } from '../../../src/map/layers/hotspot-cells-layer'
import { hexAreaKm2 } from '../../../src/map/layers/incident-hex-layer'
import { CATEGORY_COLOR } from '../../../src/map/layers/incident-points-layer'
import { HEAT_COLORS } from '../../../src/map/layers/incidents-heatmap-layer'
import { ISOCHRONE_COLOR, PATROL_LEVEL_COLOR, priorityColor } from '../../../src/map/layers/patrol-layers'
import { PRESENCE_CLASSES } from '../../../src/map/layers/presence-layer'
import { PLAN_COLOR, SUGGESTION_COLOR } from '../../../src/map/layers/plan-layers'
import { OKABE_ITO } from '../../../src/map/theme'

/** A translator that shows what was asked: the key, then its values as JSON. */
const t = (key: string, values?: Record<string, unknown>) => (values ? `${key}${JSON.stringify(values)}` : key)
const rgb = (c: readonly number[]) => `rgb(${c[0]},${c[1]},${c[2]})`

function state(over: Partial<LegendState> = {}): LegendState {
  return {
    visible: new Set<LayerId>(),
    lang: 'zh-CN',
    zoom: 12,
    latitude: 36,
    gridsLoaded: false,
    incidents: { mode: 'heatmap', densityMax: 20000, intensity: 1, radius: 28, hexRadius: 200 },
    choropleth: { layer: 'streets', metric: 'index', breaks: null, counts: null, missing: 0, stats: null, computing: false },
    hotspots: { counts: null, cell: 250, band: 500, fdr: true, computing: false },
    patrolBand: null,
    crime: {
      nearRepeat: { zone: null, roles: null, computing: false },
      emerging: { tally: null, cell: 250, band: 500, step: 'month', computing: false },
      repeatPlaces: { top: null, by: 'place', snap: 30, computing: false },
    },
    ...over,
  }
}
const shown = (...ids: LayerId[]) => new Set<LayerId>(ids)
const only = (s: LegendState): LegendBlock => {
  const blocks = legendBlocks(s, t)
  expect(blocks).toHaveLength(1)
  return blocks[0]
}
const swatches = (b: LegendBlock) => (b.items ?? []).map((i) => [i.shape, i.color, i.label, i.opacity])

/** Per layer with a key: the block it makes alone, with the default settings. */
const PER_LAYER: Record<Exclude<LayerId, 'streets'>, { extra?: Partial<LegendState>; check: (b: LegendBlock) => void }> = {
  incidents: { check: (b) => expect([b.id, b.title, b.ramp?.colors]).toEqual(['incidents', 'filters.legendHeat', HEAT_COLORS.map(rgb)]) },
  choropleth: { check: (b) => expect([b.id, b.title, b.subtitle]).toEqual(['areas', 'display.metrics.index · display.layers.streets', 'display.units.index']) },
  hotspots: { check: (b) => expect([b.id, b.title, b.notes]).toEqual(['hotspots', 'display.hotspots', ['display.hotNote{"cell":250,"band":500,"fdr":"display.fdrOn"}']]) },
  gaps: {
    check: (b) => {
      expect([b.id, b.title, b.bivariate?.rowLabel, b.bivariate?.colLabel]).toEqual(['gaps', 'layers.gaps', 'coverage.legendHot', 'coverage.legendCovered'])
      // top row hot 99 % (classes 6 7 8), bottom row not hot (classes 0 1 2), drawn clear as on the map
      expect(b.bivariate?.colors).toEqual([6, 7, 8, 3, 4, 5, 0, 1, 2].map((k) => (k < 3 ? null : rgb(GAP_COLORS[k]))))
    },
  },
  isochrones: {
    check: (b) => expect([b.id, b.title, swatches(b)]).toEqual(['isochrones', 'layers.isochrones',
      [1, 3, 10].map((m) => ['square', rgb(ISOCHRONE_COLOR[m]), `patrol.minutes{"n":${m}}`, 0.85])]),
  },
  patrol: {
    check: (b) => expect([b.id, b.title, b.ramp, swatches(b)]).toEqual(['patrol', 'patrol.levelSuggested', undefined, [
      ...([1, 2, 3, 4] as const).map((n) => ['square', rgb(PATROL_LEVEL_COLOR[n]), `patrol.level{"n":${n}}`, 0.85]),
      ['outline', '#fff', 'patrol.changeOutline', undefined],
      ['ring', rgb(OKABE_ITO.blue), 'patrol.radius', undefined],
    ]]),
  },
  grids: {
    extra: { gridsLoaded: true },
    check: (b) => expect([b.id, b.title, swatches(b)]).toEqual(['grids', undefined, [['outline', rgb(OKABE_ITO.yellow), 'layers.grids', undefined]]]),
  },
  compounds: {
    check: (b) => expect([b.id, b.title, swatches(b)]).toEqual(['compounds', 'layers.compounds',
      Object.entries(COMPOUND_KIND_COLOR).map(([k, c]) => ['square', rgb(c), `kind.${k}`, 0.85])]),
  },
  keySites: {
    check: (b) => {
      expect([b.id, b.title, swatches(b)]).toEqual(['keySites', 'layers.keySites', Object.entries(KEY_SITE_KIND_COLOR).map(([k, c]) => ['square', rgb(c), `kind.${k}`, 0.85])])
      expect(b.items?.map((i) => i.label)).toEqual(['kind.school', 'kind.hospital', 'kind.business', 'kind.station', 'kind.plaza', 'kind.government'])
    },
  },
  coverage: {
    check: (b) => expect([b.id, b.title, swatches(b)]).toEqual(['coverage', 'layers.coverage', [
      // the views' own opacity (the faint offline views at least 0.3, to be seen in the key)
      ['square', rgb(CAMERA_CLASS_COLOR[0]), 'legend.cameraA', VIEW_ALPHA / 255],
      ['square', rgb(CAMERA_CLASS_COLOR[1]), 'legend.cameraB', VIEW_ALPHA / 255],
      ['square', rgb(CAMERA_OFFLINE_COLOR), 'legend.offline', Math.max(0.3, OFFLINE_VIEW_ALPHA / 255)],
    ]]),
  },
  cameras: {
    check: (b) => expect([b.id, b.title, swatches(b)]).toEqual(['cameras', 'layers.cameras', [
      ['dot', rgb(CAMERA_CLASS_COLOR[0]), 'legend.cameraA', undefined],
      ['dot', rgb(CAMERA_CLASS_COLOR[1]), 'legend.cameraB', undefined],
      ['dot', rgb(CAMERA_OFFLINE_COLOR), 'legend.offline', undefined],
    ]]),
  },
  plan: {
    check: (b) => expect([b.id, b.title, b.items]).toEqual(['plan', 'layers.plan', [
      // each with the outline the map draws around it
      { shape: 'square', color: rgb(PLAN_COLOR), label: 'legend.planCamera', opacity: PLAN_ALPHA / 255, stroke: rgb(PLAN_LINE) },
      { shape: 'square', color: rgb(SUGGESTION_COLOR), label: 'legend.planSuggestion', opacity: SUGGESTION_ALPHA / 255, stroke: rgb(SUGGESTION_COLOR) },
    ]]),
  },
  checkpoints: { check: (b) => expect([b.id, b.title, swatches(b)]).toEqual(['sites', undefined, [['dot', rgb(OKABE_ITO.orange), 'legend.checkpoint', undefined]]]) },
  stations: { check: (b) => expect([b.id, b.title, swatches(b)]).toEqual(['sites', undefined, [['bigDot', rgb(OKABE_ITO.blue), 'legend.station', undefined]]]) },
  // before a result: the roles' key, no zone, no counts
  nearRepeat: {
    check: (b) => expect([b.id, b.title, swatches(b), b.notes]).toEqual(['nearRepeat', 'layers.nearRepeat', [
      ['dot', rgb(OKABE_ITO.yellow), 'crime.near.roles.near_repeat', undefined],
      ['dot', rgb(OKABE_ITO.vermillion), 'crime.near.roles.originator', undefined],
      ['dot', rgb(OKABE_ITO.grey), 'crime.near.roles.isolated', undefined],
    ], []]),
  },
  emerging: {
    check: (b) => expect([b.id, b.title, b.items, b.notes]).toEqual(['emerging', 'layers.emerging', [],
      ['crime.legend.emergingNote{"cell":250,"band":500,"step":"crime.emerging.steps.month"}']]),
  },
  repeatPlaces: { check: (b) => expect([b.id, b.title, b.items, b.notes]).toEqual(['repeatPlaces', 'layers.repeatPlaces', [], ['crime.legend.placesNote{"snap":30}']]) },
  // worst class first, as the panel ranks the grids; the day the figures are of
  response: {
    extra: { responseDay: Date.UTC(2025, 11, 30, 16) },
    check: (b) => expect([b.id, b.title, b.period, swatches(b)]).toEqual(['response', 'layers.response', ['responsemap.legendDay{"day":"2025-12-31"}'], [
      ['square', rgb(OKABE_ITO.vermillion), 'responsemap.legendClass{"range":"< 50%"}', 150 / 255],
      ['square', rgb(OKABE_ITO.yellow), 'responsemap.legendClass{"range":"50–80%"}', 150 / 255],
      ['square', rgb(OKABE_ITO.blue), 'responsemap.legendClass{"range":"≥ 80%"}', 150 / 255],
      ['outline', 'rgb(255,255,255)', 'responsemap.legendNoArrival', undefined],
    ]]),
  },
  // before a result: the classes without counts, the target in the note
  presence: {
    check: (b) => expect([b.id, b.title, swatches(b), b.notes]).toEqual(['presence', 'layers.presence', [
      ['outline', 'rgb(143,179,217)', 'presence.legendNone', undefined],
      ...PRESENCE_CLASSES.map((c, k) => ['square', rgb(c.color), `presence.legendClass{"range":"${['< 10', '10–30', '≥ 30'][k]}"}`, 100 / 255]),
      ['outline', rgb(OKABE_ITO.vermillion), 'presence.legendMakeUp', undefined],
      ['outline', 'rgb(255,255,255)', 'presence.legendMet', undefined],
    ], ['presence.legendNote{"target":30}']]),
  },
  // kinds by the shapes the map draws them in, statuses by the colours
  units: {
    check: (b) => expect([b.id, b.title, swatches(b), b.notes]).toEqual(['units', 'layers.units', [
      ['square', 'rgb(230,237,245)', 'patrolUnits.kind.car', undefined], ['dot', 'rgb(230,237,245)', 'patrolUnits.kind.foot', undefined],
      ['ring', 'rgb(230,237,245)', 'patrolUnits.kind.ebike', undefined], ['outline', 'rgb(230,237,245)', 'patrolUnits.kind.special', undefined],
      ['dot', rgb(OKABE_ITO.green), 'patrolUnits.status.patrolling', undefined], ['dot', rgb(OKABE_ITO.purple), 'patrolUnits.status.on_alert', undefined],
      ['dot', rgb(OKABE_ITO.blue), 'patrolUnits.status.at_station', undefined], ['dot', rgb(OKABE_ITO.grey), 'patrolUnits.status.offline', undefined],
    ], ['patrolUnits.trailNote{"n":10}', 'patrolUnits.offlineNote{"n":10}']]),
  },
}

describe('legendBlocks: one block per visible layer', () => {
  it('every overlay layer but the street outlines has a key', () => {
    expect(Object.keys(PER_LAYER).sort()).toEqual(LAYER_IDS.filter((id) => id !== 'streets').sort())
  })

  it.each(Object.keys(PER_LAYER) as (keyof typeof PER_LAYER)[])('%s alone', (id) => {
    const { extra, check } = PER_LAYER[id]
    check(only(state({ ...extra, visible: shown(id) })))
  })

  it('cameras without heading: a ring in the block whose layer draws their circles (the coverage when shown)', () => {
    const ring = ['ring', rgb(NO_HEADING_COLOR), 'legend.noHeading', undefined]
    const lastOf = (visible: LayerId[], id: string) => swatches(legendBlocks(state({ visible: new Set(visible), camerasWithoutHeading: true }), t).find((b) => b.id === id)!).at(-1)
    expect(lastOf(['cameras'], 'cameras')).toEqual(ring)
    expect(lastOf(['cameras', 'coverage'], 'coverage')).toEqual(ring)
    expect(lastOf(['cameras', 'coverage'], 'cameras')).not.toEqual(ring)
    expect(swatches(legendBlocks(state({ visible: new Set(['cameras']) }), t)[0])).toHaveLength(3)
  })

  it('streets alone, or nothing shown, make no legend', () => {
    expect(legendBlocks(state({ visible: shown('streets') }), t)).toEqual([])
    expect(legendBlocks(state(), t)).toEqual([])
  })

  it('the grids block is absent while no grid is loaded', () => {
    expect(legendBlocks(state({ visible: shown('grids') }), t)).toEqual([])
    expect(legendBlocks(state({ visible: shown('grids', 'cameras') }), t).map((b) => b.id)).toEqual(['cameras'])
    expect(legendBlocks(state({ visible: shown('grids'), gridsLoaded: true }), t).map((b) => b.id)).toEqual(['grids'])
  })

  it('all layers: the screen order, stations and checkpoints in one block, every colour a CSS colour', () => {
    const blocks = legendBlocks(state({ visible: new Set(LAYER_IDS), gridsLoaded: true }), t)
    expect(blocks.map((b) => b.id)).toEqual(['incidents', 'areas', 'hotspots', 'emerging', 'cameras', 'coverage', 'gaps', 'grids', 'patrol', 'isochrones', 'compounds', 'plan', 'keySites', 'nearRepeat', 'repeatPlaces', 'presence', 'response', 'units', 'sites'])
    expect(blocks.at(-1)?.items?.map((i) => i.label)).toEqual(['legend.station', 'legend.checkpoint'])
    const colours = blocks.flatMap((b) => [...(b.ramp?.colors ?? []), ...(b.items ?? []).flatMap((i) => [i.color, i.stroke ?? '#fff']), ...(b.bivariate?.colors ?? []).filter((c) => c !== null)])
    expect(colours.length).toBeGreaterThan(40)
    for (const c of colours) expect(c).toMatch(/^(rgb\((\d{1,3}),(\d{1,3}),(\d{1,3})\)|#[0-9a-f]{3})$/)
  })
})

describe('legendBlocks: incidents', () => {
  it('heatmap: the ramp ends are the density range, the note the kernel radius in metres at this zoom', () => {
    const s = state({ visible: shown('incidents'), zoom: 13, latitude: 36.06, incidents: { mode: 'heatmap', densityMax: 20000, intensity: 2, radius: 28, hexRadius: 200 } })
    const b = only(s)
    const [lo, hi] = densityRange(20000, 2)
    expect([lo, hi]).toEqual([500, 10000])
    expect(b.ramp).toEqual({ colors: HEAT_COLORS.map(rgb), low: '500', high: '≥ 10,000' })
    const r = Math.round(heatRadiusMetres(28, metresPerPixel(13, 36.06)))
    expect(r).toBeGreaterThan(200)
    expect(r).toBeLessThan(230)
    expect(b.notes).toEqual([`filters.legendKernel{"r":${r}}`])
    // half the zoom's scale, twice the metres
    const wide = only({ ...s, zoom: 12 })
    expect(wide.notes).toEqual([`filters.legendKernel{"r":${Math.round(heatRadiusMetres(28, metresPerPixel(12, 36.06)))}}`])
    expect(Math.round(heatRadiusMetres(28, metresPerPixel(12, 36.06)))).toBe(Math.round(2 * heatRadiusMetres(28, metresPerPixel(13, 36.06))))
  })

  it('heatmap: small densities print with two digits', () => {
    const b = only(state({ visible: shown('incidents'), incidents: { mode: 'heatmap', densityMax: 50, intensity: 1, radius: 28, hexRadius: 200 } }))
    expect([b.ramp?.low, b.ramp?.high]).toEqual(['2.5', '≥ 50'])
  })

  it('hexagons: six classes halving down from the saturation density, the last open above; the title gives the cell area', () => {
    const b = only(state({ visible: shown('incidents'), incidents: { mode: 'hexagon', densityMax: 6000, intensity: 1, radius: 28, hexRadius: 200 } }))
    expect(b.title).toBe(`filters.legendHex{"area":"${hexAreaKm2(200).toPrecision(2)}"}`)
    expect(b.title).toBe('filters.legendHex{"area":"0.10"}')
    expect(b.ramp).toBeUndefined()
    // 6,000 / 32, / 16, / 8, / 4, / 2; the last class holds what is above 3,000
    expect(b.items?.map((i) => i.label)).toEqual(['≤ 188', '≤ 375', '≤ 750', '≤ 1,500', '≤ 3,000', '≥ 3,000'])
    expect(b.items?.map((i) => [i.shape, i.color])).toEqual(HEAT_COLORS.map((c) => ['square', rgb(c)]))
    // intensity divides the scale: the classes follow
    const hot = only(state({ visible: shown('incidents'), incidents: { mode: 'hexagon', densityMax: 6000, intensity: 4, radius: 28, hexRadius: 200 } }))
    expect(hot.items?.map((i) => i.label)).toEqual(['≤ 47', '≤ 94', '≤ 188', '≤ 375', '≤ 750', '≥ 750'])
  })

  it('says the dates the scale was fitted to, and when it is locked', () => {
    const inc = { mode: 'heatmap' as const, densityMax: 20, intensity: 1, radius: 28, hexRadius: 200 }
    const day = { from: parseLocalDate('2025-12-30'), to: parseLocalDate('2025-12-31') }
    expect(only(state({ visible: shown('incidents'), incidents: { ...inc, scaleDates: day } })).period)
      .toEqual(['display.period{"from":"2025-12-30","to":"2025-12-30"}'])
    expect(only(state({ visible: shown('incidents'), incidents: { ...inc, scaleDates: null, scaleLocked: true } })).period)
      .toEqual(['display.allTime', 'heat23.locked'])
    // an open end reads as the limit of the calendar, not as NaN
    const open = only(state({ visible: shown('incidents'), incidents: { ...inc, mode: 'hexagon', scaleDates: { from: day.from, to: null } } })).period
    expect(open?.[0]).toMatch(/^display\.period\{"from":"2025-12-30","to":"\+?\d+-\d\d-\d\d"\}$/)
  })

  it('points: one dot per category in its colour', () => {
    const b = only(state({ visible: shown('incidents'), incidents: { mode: 'points', densityMax: 6000, intensity: 1, radius: 28, hexRadius: 200 } }))
    expect(b.title).toBe('filters.modes.points')
    expect(swatches(b)).toEqual(CATEGORIES.map((c) => ['dot', rgb(CATEGORY_COLOR[c]), `category.${c}`, undefined]))
  })
})

describe('legendBlocks: choropleth', () => {
  const choro = (c: Partial<LegendState['choropleth']>, lang = 'zh-CN') => only(state({
    visible: shown('choropleth'), lang,
    choropleth: { layer: 'streets', metric: 'index', breaks: null, counts: null, missing: 0, stats: null, computing: false, ...c },
  }))

  it('classes top class first, labels printed at the fewest distinct decimals, counts, colours', () => {
    const breaks: ClassBreaks = { method: 'quantile', min: 0.5, thresholds: [1.25, 2.5, 10], max: 40 }
    const b = choro({ breaks, counts: [3, 1, 4, 2] })
    expect(b.items?.map((i) => i.label)).toEqual(['10.0 – 40.0', '2.5 – 10.0', '1.3 – 2.5', '0.5 – 1.3'])
    expect(b.items?.map((i) => i.count)).toEqual(['display.areas{"n":2}', 'display.areas{"n":4}', 'display.areas{"n":1}', 'display.areas{"n":3}'])
    expect(b.items?.map((i) => i.color)).toEqual(classColors(breaks).map(rgb).reverse())
    expect(b.notes).toEqual(['display.legendMethod{"method":"display.methods.quantile","n":4}'])
  })

  it('classes of computed breaks equal classBounds printed at labelDecimals', () => {
    const values = Float64Array.from([3.2, 7.9, 12.44, 12.46, 15, 21.7, 33.3, 48.1, NaN, 90.25])
    const breaks = classBreaks(values, 5, 'jenks')!
    const counts = classCounts(breaks, values)
    const b = choro({ layer: 'compounds', metric: 'per10k', breaks, counts, missing: 1 }, 'en')
    const k = breaks.thresholds.length + 1
    const d = labelDecimals([breaks.min, ...breaks.thresholds, breaks.max])
    const expected = Array.from({ length: k }, (_, j) => {
      const [lo, hi] = classBounds(breaks, k - 1 - j)
      return [`${lo.toFixed(d)} – ${hi.toFixed(d)}`, `display.areas{"n":${counts[k - 1 - j]}}`]
    })
    expect(b.items?.slice(0, k).map((i) => [i.label, i.count])).toEqual(expected)
    expect(counts.reduce((a, c) => a + c, 0)).toBe(9)
    // the areas without a figure close the list, outlined in the map's no-value grey
    expect(b.items?.[k]).toEqual({ shape: 'outline', color: rgb(NO_VALUE_LINE), label: 'display.missing.per10k', count: 'display.areas{"n":1}' })
    expect(b.title).toBe('display.metrics.per10k · display.layers.compounds')
    expect(b.subtitle).toBe('display.units.per10k')
  })

  it('change metrics: percent labels with their sign, centred on 0', () => {
    const values = [-0.8, -0.3, 0.1, 0.4, 0.9]
    const breaks = divergingBreaks(values, 4, 1)!
    expect(breaks.thresholds).toEqual([-0.5, 0, 0.5])
    const b = choro({ metric: 'mom', breaks, counts: classCounts(breaks, values) })
    expect(b.items?.map((i) => [i.label, i.count])).toEqual([
      ['+50% – +100%', 'display.areas{"n":1}'],
      ['0% – +50%', 'display.areas{"n":2}'],
      ['-50% – 0%', 'display.areas{"n":1}'],
      ['-100% – -50%', 'display.areas{"n":1}'],
    ])
    expect(b.notes).toEqual(['display.legendMethod{"method":"display.methods.diverging","n":4}'])
  })

  it('period notes: the filter dates for counts and rates, the period and its base for the index and changes', () => {
    const dec = monthPeriod(2025, 12)
    const stats = { range: { from: parseLocalDate('2025-06-01'), to: parseLocalDate('2025-07-01') }, period: dec, previous: monthPeriod(2025, 11), lastYear: monthPeriod(2024, 12) }
    expect(choro({ metric: 'count', stats }).period).toEqual(['display.period{"from":"2025-06-01","to":"2025-06-30"}'])
    expect(choro({ metric: 'perKm2', stats: { ...stats, range: null } }).period).toEqual(['display.allTime'])
    expect(choro({ metric: 'index', stats }).period).toEqual(['display.period{"from":"2025-12-01","to":"2025-12-31"}'])
    const mom = choro({ metric: 'mom', stats })
    expect(mom.period).toEqual(['display.period{"from":"2025-12-01","to":"2025-12-31"}', 'display.compare{"from":"2025-11-01","to":"2025-11-30"}'])
    expect(mom.subtitle).toBe('display.momMonth')
    const yoy = choro({ metric: 'yoy', stats })
    expect(yoy.period?.[1]).toBe('display.compare{"from":"2024-12-01","to":"2024-12-31"}')
    expect(yoy.subtitle).toBe('display.yoyMonth')
    // a period that is not whole months: "than the previous period"
    const week = { ...stats, period: { from: parseLocalDate('2025-12-01'), to: parseLocalDate('2025-12-08') } }
    expect(choro({ metric: 'mom', stats: week }).subtitle).toBe('display.units.mom')
    expect(choro({ metric: 'index', stats: null }).period).toEqual([])
  })

  it('before the figures: title and unit, no classes; "computing" while the worker runs', () => {
    const b = choro({ computing: true })
    expect([b.items, b.notes]).toEqual([[], ['display.computing']])
  })
})

describe('legendBlocks: Gi* hotspots', () => {
  it('class rows hot 99 % to cold 99 % with their cells, then the not significant cells', () => {
    const counts = Uint32Array.from([4, 5, 6, 900, 40, 60, 351]) // classes −3 … 3
    const b = only(state({ visible: shown('hotspots'), hotspots: { counts, cell: 200, band: 400, fdr: false, computing: false } }))
    expect(b.items?.map((i) => [i.shape, i.color, i.label, i.count])).toEqual([
      ['square', rgb(HOTSPOT_COLORS[6]), 'display.hotClasses.h3', 'display.cells{"n":351}'],
      ['square', rgb(HOTSPOT_COLORS[5]), 'display.hotClasses.h2', 'display.cells{"n":60}'],
      ['square', rgb(HOTSPOT_COLORS[4]), 'display.hotClasses.h1', 'display.cells{"n":40}'],
      ['square', rgb(HOTSPOT_COLORS[2]), 'display.hotClasses.c1', 'display.cells{"n":6}'],
      ['square', rgb(HOTSPOT_COLORS[1]), 'display.hotClasses.c2', 'display.cells{"n":5}'],
      ['square', rgb(HOTSPOT_COLORS[0]), 'display.hotClasses.c3', 'display.cells{"n":4}'],
      ['outline', '#8fa6c1', 'display.hotClasses.ns', 'display.cells{"n":900}'],
    ])
    expect(b.notes).toEqual(['display.hotNote{"cell":200,"band":400,"fdr":""}'])
  })

  it('no rows before the figures', () => {
    const b = only(state({ visible: shown('hotspots'), hotspots: { counts: null, cell: 250, band: 500, fdr: true, computing: true } }))
    expect(b.items).toEqual([])
    expect(b.notes?.[1]).toBe('display.computing')
  })
})

describe('legendBlocks: patrol', () => {
  it('with an hour band: its name in the title and the priority ramp 0–100', () => {
    const b = only(state({ visible: shown('patrol'), patrolBand: '20-24' }))
    expect(b.title).toBe('patrol.bandPriority{"band":"20-24"}')
    expect(b.ramp).toEqual({ colors: [0, 25, 50, 75, 100].map((p) => rgb(priorityColor(p))), low: '0', mid: '50', high: '100' })
    expect(b.items?.map((i) => i.label)).toEqual(['patrol.changeOutline', 'patrol.radius'])
  })
})
