import { describe, expect, it } from 'vitest'
import { featuresBbox, payloadBbox } from '../../../src/io/dataset-bbox'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'

describe('dataset-bbox', () => {
  it('spans every geometry type and skips features without geometry', () => {
    const fc = {
      type: 'FeatureCollection' as const,
      features: [
        { type: 'Feature' as const, properties: {}, geometry: { type: 'Point' as const, coordinates: [1, 2] } },
        { type: 'Feature' as const, properties: {}, geometry: null },
        { type: 'Feature' as const, properties: {}, geometry: { type: 'MultiPolygon' as const, coordinates: [[[[-3, 0], [0, 5], [1, 0], [-3, 0]]]] } },
        { type: 'Feature' as const, properties: {}, geometry: { type: 'GeometryCollection' as const, geometries: [{ type: 'LineString' as const, coordinates: [[0, -7], [9, 0]] }] } },
      ],
    }
    expect(featuresBbox(fc)).toEqual([-3, -7, 9, 5])
    expect(featuresBbox({ type: 'FeatureCollection', features: [] })).toBeNull()
  })
  it('reads incident columns', () => {
    const { columns } = readIncidentsCsv(new TextEncoder().encode('id,time,category,subtype,lon,lat\na,2025-01-01,fire,x,119.1,36.7\nb,2025-01-01,fire,x,119.3,36.5\n'))
    expect(payloadBbox({ type: 'incidents', columns })).toEqual([119.1, 36.5, 119.3, 36.7])
    expect(payloadBbox({ type: 'population', rows: [['a', 1]] })).toBeNull()
  })
})
