/**
 * JSON importers: GeoJSON (readGeoFile, the map's layer files, plan GeoJSON), zipped shapefiles
 * and the scenes file. Whole-file failures are documented Errors naming the file (SceneError /
 * per-entry messages for scenes); a TypeError or RangeError from inside is a defect.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { zip as shpZip } from '@mapbox/shp-write'
import type { FeatureCollection } from 'geojson'
import { readGeoFile } from '../../../src/io/geo-file'
import { asFeatureCollection } from '../../../src/io/geojson-layer-file'
import { readPlanFile } from '../../../src/io/plan-file'
import { parseScenesFile, scenesFileJson, validateScene, SceneError, type Scene } from '../../../src/core/scenes'
import { expectNamedError, expectRowsNamed, runs, TEST_TIMEOUT } from './fuzz-budget'
import { byteMutation, deepNest, deepNestText, hostileJson, hostileValue, mutateBytes, mutateText, textMutation } from './mutations'

const enc = new TextEncoder()
const square = (x: number, y: number, d: number) => [[x, y], [x, y + d], [x + d, y + d], [x + d, y], [x, y]]
const FC: FeatureCollection = {
  type: 'FeatureCollection',
  features: Array.from({ length: 6 }, (_, i) => ({
    type: 'Feature' as const,
    properties: { id: `S${i + 1}`, name: `街道${i + 1}`, population: 1000 * i },
    geometry: { type: 'Polygon' as const, coordinates: [square(119 + i / 50, 36.7, 0.01)] },
  })),
}
const GEOJSON = JSON.stringify(FC, null, 1)

/** readGeoFile either gives a FeatureCollection or throws an Error naming the file. */
async function readGeo(bytes: Uint8Array, name: string): Promise<void> {
  try {
    const r = await readGeoFile(bytes, name)
    expect(Array.isArray(r.fc.features)).toBe(true)
  } catch (e) {
    if ((e as Error).name === 'AssertionError') throw e
    expectNamedError(e, name)
  }
}

/** JSON values where GeoJSON is expected: the right shape with wrong types inside. */
const geoJsonish = fc.oneof(
  hostileJson,
  fc.record({ type: fc.constant('FeatureCollection'), features: fc.array(fc.oneof(hostileJson, fc.record({
    type: fc.constant('Feature'), properties: hostileJson, geometry: fc.oneof(hostileJson, fc.record({
      type: fc.constantFrom('Point', 'Polygon', 'MultiPolygon', 'LineString', 'GeometryCollection', 'Bogus'), coordinates: hostileJson,
    })),
  })), { maxLength: 4 }) }),
  fc.nat(1000).map((d) => deepNest(d)),
)

describe('fuzz: GeoJSON (readGeoFile, layer files, plan GeoJSON)', () => {
  it('arbitrary bytes and JSON-shaped values: a FeatureCollection or an Error naming the file', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 600 }), geoJsonish.map((j) => enc.encode(JSON.stringify(j) ?? 'null')),
      fc.nat(30_000).map((d) => enc.encode(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":${deepNestText(d)}}}]}`))), async (bytes) => {
      await readGeo(bytes, 'layer.geojson')
    }), { numRuns: runs(300) })
  }, TEST_TIMEOUT)

  it('mutated valid GeoJSON text: the same', async () => {
    await fc.assert(fc.asyncProperty(fc.array(textMutation, { minLength: 1, maxLength: 6 }), async (ms) => {
      await readGeo(enc.encode(ms.reduce(mutateText, GEOJSON)), 'streets.json')
    }), { numRuns: runs(300) })
  }, TEST_TIMEOUT)

  it('layer files (asFeatureCollection): a collection or an Error naming the file and the feature', () => {
    fc.assert(fc.property(geoJsonish, (json) => {
      try {
        asFeatureCollection(json, 'areas.geojson')
      } catch (e) {
        if ((e as Error).name === 'AssertionError') throw e
        expectNamedError(e, 'areas.geojson')
      }
    }), { numRuns: runs(300) })
  }, TEST_TIMEOUT)

  it('plan GeoJSON: cameras with a report naming features, or an Error naming the file', () => {
    const plan = JSON.stringify({ type: 'FeatureCollection', name: 'p', features: Array.from({ length: 10 }, (_, i) => ({
      type: 'Feature', geometry: { type: 'Point', coordinates: [119 + i / 100, 36.7] },
      properties: { id: `P${i}`, type: 'dome', azimuth: 10 * i, fov: 360, range: 30, source: 'hand' },
    })) })
    expect(readPlanFile(plan, 'plan.geojson').cameras).toHaveLength(10)
    fc.assert(fc.property(fc.oneof(
      fc.array(textMutation, { minLength: 1, maxLength: 6 }).map((ms) => ms.reduce(mutateText, plan)),
      geoJsonish.map((j) => JSON.stringify(j) ?? 'null'),
      fc.nat(20_000).map((d) => `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"P1"},"geometry":{"type":"Point","coordinates":${deepNestText(d)}}}]}`),
      fc.nat(10_000).map((d) => `{"type":"FeatureCollection","name":${deepNestText(d, '"n"')},"features":[{"type":"Feature","properties":{"id":${deepNestText(d, '"P1"')},"type":${deepNestText(d, '"dome"')},"azimuth":${deepNestText(d)},"source":${deepNestText(d, '"hand"')},"gain":${deepNestText(d)}},"geometry":{"type":"Point","coordinates":[119,36.7]}}]}`),
    ), (text) => {
      try {
        const r = readPlanFile(text, 'plan.geojson')
        expectRowsNamed(r.report, 10_000)
        expect(r.cameras.length).toBe(r.report.rowsKept)
      } catch (e) {
        if ((e as Error).name === 'AssertionError') throw e
        expectNamedError(e, 'plan.geojson')
      }
    }), { numRuns: runs(300) })
  }, TEST_TIMEOUT)
})

describe('fuzz: zipped shapefiles (readGeoFile)', () => {
  it('mutated shapefile zips (stored and deflated): a FeatureCollection or an Error naming the file', async () => {
    const deflated = await shpZip<'uint8array'>(FC, { outputType: 'uint8array', compression: 'DEFLATE' })
    const stored = await shpZip<'uint8array'>(FC, { outputType: 'uint8array', compression: 'STORE' })
    expect((await readGeoFile(stored, 'a.zip')).fc.features).toHaveLength(6)
    await fc.assert(fc.asyncProperty(fc.boolean(), fc.array(byteMutation, { minLength: 1, maxLength: 4 }), async (useStored, ms) => {
      await readGeo(mutateBytes(useStored ? stored : deflated, ms), 'streets.zip')
    }), { numRuns: runs(150) })
  }, TEST_TIMEOUT)

  it('arbitrary bytes behind a zip signature', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (tail) => {
      const bytes = new Uint8Array(4 + tail.length)
      bytes.set([0x50, 0x4b, 0x03, 0x04])
      bytes.set(tail, 4)
      await readGeo(bytes, 'x.zip')
    }), { numRuns: runs(150) })
  }, TEST_TIMEOUT)
})

describe('fuzz: scenes file (parseScenesFile, validateScene)', () => {
  const scene = (i: number): Scene => ({
    id: `s${i}`, title: `场景 ${i}`, center: [119 + i / 10, 36.7], zoom: 12, layers: [], durationS: 30,
    filter: { categories: null, subtypes: null, from: null, to: null, hours: null, weekdays: null },
  })
  const FILE = scenesFileJson(Array.from({ length: 8 }, (_, i) => scene(i)))

  it('the baseline file reads back whole', () => {
    expect(parseScenesFile(FILE)).toMatchObject({ errors: [] })
    expect(parseScenesFile(FILE).scenes).toHaveLength(8)
  })

  it('validateScene on arbitrary JSON: a Scene or a SceneError naming the entry', () => {
    const sceneish = fc.oneof(hostileJson, fc.record({
      id: fc.oneof(hostileValue, hostileJson), title: fc.oneof(hostileValue, hostileJson), center: hostileJson, zoom: hostileJson,
      layers: hostileJson, durationS: hostileJson, filter: fc.oneof(hostileJson, fc.record({
        categories: hostileJson, subtypes: hostileJson, from: hostileJson, to: hostileJson, hours: hostileJson, weekdays: hostileJson,
      })),
    }, { requiredKeys: [] }))
    fc.assert(fc.property(sceneish, fc.integer({ min: 1, max: 500 }), (x, pos) => {
      try {
        validateScene(x, pos)
      } catch (e) {
        expect(e, String(e)).toBeInstanceOf(SceneError)
        expect((e as SceneError).entry.startsWith(`scene ${pos}`)).toBe(true)
      }
    }), { numRuns: runs(300) })
  }, TEST_TIMEOUT)

  it('mutated scenes files: good entries kept, every error names its entry or the file', () => {
    fc.assert(fc.property(fc.array(textMutation, { minLength: 1, maxLength: 4 }), (ms) => {
      const text = ms.reduce(mutateText, FILE)
      const r = parseScenesFile(text)
      for (const e of r.errors) {
        expect(e, e).toMatch(/^(scene \d+|not JSON|format |version |no "scenes" list)/)
        expect(e).not.toMatch(/TypeError|RangeError|Cannot read|is not a function/)
      }
      expect(new Set(r.scenes.map((s) => s.id)).size).toBe(r.scenes.length)
    }), { numRuns: runs(300) })
  }, TEST_TIMEOUT)

  it('deep nesting anywhere in the file: a result with messages, never a stack overflow', () => {
    fc.assert(fc.property(fc.nat(50_000), fc.constantFrom('format', 'version', 'scenes', 'entry', 'id', 'layers', 'filter'), (d, where) => {
      const deep = deepNestText(d)
      const entry = (k: string) => JSON.stringify(scene(0)).replace(`"${k}":`, `"${k}":${deep},"was":`)
      const text = where === 'format' || where === 'version' || where === 'scenes' ? `{"${where}":${deep}}`
        : where === 'entry' ? `{"scenes":[${deep}]}` : `{"scenes":[${entry(where === 'filter' ? 'filter' : where)}]}`
      const r = parseScenesFile(text)
      expect(r.scenes.length + r.errors.length).toBeGreaterThan(0)
    }), { numRuns: runs(50) })
  }, TEST_TIMEOUT)

  it('one entry replaced by hostile JSON: the other 7 are kept', () => {
    fc.assert(fc.property(fc.nat(7), hostileJson, (k, bad) => {
      const list = Array.from({ length: 8 }, (_, i) => (i === k ? bad : scene(i)))
      const r = parseScenesFile(JSON.stringify({ format: 'pingan-map-scenes', version: 1, scenes: list }))
      for (let i = 0; i < 8; i++) if (i !== k) expect(r.scenes.some((s) => s.id === `s${i}`)).toBe(true)
      for (const e of r.errors) expect(e.startsWith(`scene ${k + 1}`), e).toBe(true)
    }), { numRuns: runs(300) })
  }, TEST_TIMEOUT)
})
