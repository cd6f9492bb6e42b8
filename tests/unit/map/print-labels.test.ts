import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { WebMercatorViewport } from '@deck.gl/core'
import type { FeatureCollection } from 'geojson'
import { boxesOverlap } from '../../../src/core/label-placement'
import { labelBoxes } from '../../../src/map/layers/label-layer'
import { printLabelPlaces, printStreetLabels, type PrintPlacement } from '../../../src/map/layers/print-layers'

const streets = JSON.parse(readFileSync('geodata/demo/streets.geojson', 'utf8')) as FeatureCollection
const meta = JSON.parse(readFileSync('geodata/demo/meta.json', 'utf8')) as { bbox: [number, number, number, number] }

/**
 * The briefing's A4 map: 2150 × 1260 device pixels at 2.2 device pixels per CSS pixel, the
 * district fitted as export-service's districtCamera does. A CJK glyph is about one em wide, so a
 * name is as wide as its size times its characters.
 */
function a4Placement(): PrintPlacement {
  const [w, s, e, n] = meta.bbox
  const width = Math.round(2150 / 2.2), height = Math.round(1260 / 2.2)
  const fit = new WebMercatorViewport({ width, height }).fitBounds([[w, s], [e, n]], { padding: Math.round(Math.min(width, height) * 0.04) })
  const v = new WebMercatorViewport({ width, height, longitude: fit.longitude, latitude: fit.latitude, zoom: fit.zoom })
  return { project: (p) => v.project(p) as [number, number], textWidth: (text, size) => size * [...text].length }
}

const boxesOf = (taken: Int8Array | null, place: PrintPlacement) => {
  const all = labelBoxes(printStreetLabels(streets), place.project, place.textWidth)
  return all.flatMap((b, i) => {
    const k = taken ? taken[i] : 0
    return k < 0 ? [] : [{ i, box: b.slice(4 * k, 4 * k + 4) }]
  })
}
const crossing = (boxes: { i: number; box: Float64Array }[]) =>
  boxes.flatMap((a, x) => boxes.slice(x + 1).filter((b) => boxesOverlap(a.box, b.box)).map((b) => [a.i, b.i]))

describe('the printed map’s street names', () => {
  it('cross at their centres on the A4 briefing map, and are placed clear of each other', () => {
    const place = a4Placement()
    // the demo's dense centre: names at their centres cross (西关 and 城关 on the 8:00 briefing)
    expect(crossing(boxesOf(null, place)).length).toBeGreaterThan(0)
    const taken = printLabelPlaces(streets, place)
    expect(crossing(boxesOf(taken, place))).toEqual([])
    // moved a line or two rather than left out: every street keeps its name on this map
    expect([...taken].filter((k) => k < 0)).toEqual([])
  })
})
