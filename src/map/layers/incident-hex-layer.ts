import { HexagonLayer } from '@deck.gl/aggregation-layers'
import { halvingClassOf } from '../../core/density-scale'
import { HEAT_COLORS } from './incidents-heatmap-layer'
import type { IncidentLayerData } from './incident-layer-data'

/** Area of a flat hexagon of circumradius r (m), in km². */
export const hexAreaKm2 = (radiusMetres: number) => ((3 * Math.sqrt(3)) / 2) * radiusMetres * radiusMetres / 1e6

/**
 * Incidents counted in hexagons, coloured by incidents per km² in classes that halve down from
 * the fitted top (core/density-scale halvingClassOf: the legend states the same edges).
 * Hexagons rather than GridLayer's squares: every neighbour is at the same distance and the
 * cells have no preferred direction along the district's grid of roads; and they cannot be
 * mistaken for the Gi* hotspot squares, which are statistics, not counts.
 *
 * Not filtered by DataFilterExtension: in deck.gl 9.4 the aggregation layers hand their
 * aggregator only the viewport's shader props, never the extension's uniforms (the filter
 * would silently stay off, visgl/deck.gl#9058). The overlay gives this layer rows already
 * filtered on the CPU instead, and the filter panel says so.
 */
export function incidentHexLayer(d: IncidentLayerData, style: { radiusMetres: number; densityRange: [number, number] }) {
  const area = hexAreaKm2(style.radiusMetres)
  const pos = d.positions
  return new HexagonLayer({
    id: 'incidents-hexagon',
    // an accessor, not the binary attribute: HexagonLayer 9.4 drew no cells from a 2-wide binary position
    data: { length: d.count },
    getPosition: (_: unknown, { index }: { index: number }) => [pos[2 * index], pos[2 * index + 1]],
    radius: style.radiusMetres,
    colorRange: HEAT_COLORS,
    // the colour value is the class itself; a quantize domain centred on each class index maps
    // class k to colour k whatever classes are absent
    getColorValue: (points: unknown[]) => halvingClassOf(points.length / area, style.densityRange[1], HEAT_COLORS.length),
    updateTriggers: { getPosition: d.key, getColorValue: [style.densityRange[1], area] },
    colorScaleType: 'quantize',
    colorDomain: [-0.5, HEAT_COLORS.length - 0.5],
    coverage: 0.92,
    opacity: 0.75,
    extruded: false,
    // rows arrive filtered on the CPU anyway; its CPU aggregator also works where float render targets do not
    gpuAggregation: false,
  })
}
