/**
 * Time per importer call on the fuzz tests' inputs (tests/unit/fuzz/mutations.ts), per format:
 * the median and the slowest of a few hundred mutated files, against the same importer on the
 * unmutated file (baseline, same run). The fuzz tests count what each call does; how long it
 * takes is measured here, where a busy machine cannot fail a test. A slowest call far above the
 * median points at a runaway loop or a quadratic case.
 *   npx tsx tests/bench/run.ts fuzz-throughput
 */
import fc from 'fast-check'
import { zip as shpZip } from '@mapbox/shp-write'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { readCamerasCsv } from '../../src/io/cameras-csv'
import { readPopulationCsv } from '../../src/io/population-csv'
import { readCandidatesCsv, readPlanFile } from '../../src/io/plan-file'
import { readGeoFile } from '../../src/io/geo-file'
import { parseScenesFile, scenesFileJson, type Scene } from '../../src/core/scenes'
import { byteMutation, lineMutation, mutateBytes, mutateLine, mutateText, textMutation } from '../unit/fuzz/mutations'
import type { Row } from './harness'

const INPUTS = 300
const BASELINE_RUNS = 51
const SEED = 20261124
const enc = new TextEncoder()
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
/** Calls on 20-row files take microseconds, below the table's 0.1 ms column. */
const us = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`)

interface Format<T> {
  name: string
  clean: T
  mutated: fc.Arbitrary<T>
  /** the call; a documented error thrown by it is counted, not timed differently */
  read: (input: T) => unknown
}

/** Mutations of the whole text and of one line of a 20-row file, half and half. */
function textInputs(good: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.array(textMutation, { minLength: 1, maxLength: 6 }).map((ms) => ms.reduce(mutateText, good.join('\n') + '\n')),
    fc.tuple(fc.nat(good.length - 2), fc.array(lineMutation, { minLength: 1, maxLength: 3 })).map(([k, ms]) => {
      const lines = [...good]
      lines[k + 1] = ms.reduce(mutateLine, lines[k + 1])
      return lines.join('\n') + '\n'
    }),
  )
}

function table(header: string, row: (i: number) => string): string[] {
  return [header, ...Array.from({ length: 20 }, (_, i) => row(i))]
}

const id = (i: number) => `R${String(i + 1).padStart(2, '0')}`
const lonLat = (i: number) => `${(119 + i / 100).toFixed(5)},${(36.7 + i / 1000).toFixed(5)}`
const square = (x: number, y: number, d: number) => [[x, y], [x, y + d], [x + d, y + d], [x + d, y], [x, y]]
const AREAS = {
  type: 'FeatureCollection' as const,
  features: Array.from({ length: 6 }, (_, i) => ({
    type: 'Feature' as const,
    properties: { id: `S${i + 1}`, name: `街道${i + 1}` },
    geometry: { type: 'Polygon' as const, coordinates: [square(119 + i / 50, 36.7, 0.01)] },
  })),
}
const scene = (i: number): Scene => ({
  id: `s${i}`, title: `场景 ${i}`, center: [119 + i / 10, 36.7], zoom: 12, layers: [], durationS: 30,
  filter: { categories: null, subtypes: null, from: null, to: null, hours: null, weekdays: null },
})

async function timeFormat<T>(f: Format<T>): Promise<Row[]> {
  const base = `${f.name}: unmutated file (baseline)`
  const clean: number[] = []
  for (let k = 0; k < BASELINE_RUNS; k++) {
    const t0 = performance.now()
    await f.read(f.clean)
    clean.push(performance.now() - t0)
  }
  const inputs = fc.sample(f.mutated, { numRuns: INPUTS, seed: SEED })
  // one untimed pass first: the slowest call should be the input's doing, not the JIT's first sight of a branch
  for (const input of inputs) try { await f.read(input) } catch { /* timed below */ }
  const times: number[] = []
  let thrown = 0
  for (const input of inputs) {
    const t0 = performance.now()
    try { await f.read(input) } catch { thrown++ }
    times.push(performance.now() - t0)
  }
  return [
    { name: base, n: BASELINE_RUNS, medianMs: median(clean), note: `median ${us(median(clean))}` },
    {
      name: `${f.name}: mutated files, per call`, n: inputs.length, medianMs: median(times), baseline: base,
      note: `median ${us(median(times))}, slowest ${us(Math.max(...times))}${thrown ? `; ${thrown} refused with the importer's error` : ''}`,
    },
  ]
}

export async function run(): Promise<Row[]> {
  const warn = console.warn
  // papaparse warns once per file with a repeated header; hundreds of those lines would bury the table
  console.warn = () => {}
  try {
    const incidents = table('id,time,category,subtype,lon,lat,address', (i) =>
      `I${String(i + 1).padStart(2, '0')},2024-03-05T${String(i).padStart(2, '0')}:15:00,criminal,盗窃,${(119 + i / 100).toFixed(4)},36.7${i},胜利街${i}号`)
    const cameras = table('id,lon,lat,type,azimuth,fov,range,class,status', (i) => `${id(i)},${lonLat(i)},bullet,${i * 10},60,80,A,online`)
    const population = table('area_id,population', (i) => `${id(i)},${1000 + i}`)
    const plan = table('id,lon,lat,type,azimuth,fov,range,status,source,gain', (i) => `${id(i)},${lonLat(i)},dome,${i * 10},360,30,online,suggested,${i / 10}`)
    const candidates = table('id,lon,lat,azimuth,fov,range,type', (i) => `${id(i)},${lonLat(i)},${i * 10},70,60,bullet`)
    const geojson = JSON.stringify(AREAS, null, 1)
    const scenes = scenesFileJson(Array.from({ length: 8 }, (_, i) => scene(i)))
    const zip = await shpZip<'uint8array'>(AREAS, { outputType: 'uint8array', compression: 'DEFLATE' })
    const text = (name: string, good: string[], read: (t: string) => unknown): Format<string> =>
      ({ name, clean: good.join('\n') + '\n', mutated: textInputs(good), read })
    const rows: Row[] = []
    for (const f of [
      text('incidents CSV', incidents, (t) => readIncidentsCsv(enc.encode(t))),
      text('cameras CSV', cameras, (t) => readCamerasCsv(t, 'cams.csv')),
      text('population CSV', population, (t) => readPopulationCsv(t, 'pop.csv')),
      text('plan CSV', plan, (t) => readPlanFile(t, 'plan.csv')),
      text('candidate poses CSV', candidates, (t) => readCandidatesCsv(t, 'cand.csv')),
      {
        name: 'GeoJSON areas', clean: geojson, read: (t: string) => readGeoFile(enc.encode(t), 'streets.geojson'),
        mutated: fc.array(textMutation, { minLength: 1, maxLength: 6 }).map((ms) => ms.reduce(mutateText, geojson)),
      },
      {
        name: 'scenes file', clean: scenes, read: (t: string) => parseScenesFile(t),
        mutated: fc.array(textMutation, { minLength: 1, maxLength: 4 }).map((ms) => ms.reduce(mutateText, scenes)),
      },
    ] as Format<string>[]) rows.push(...await timeFormat(f))
    rows.push(...await timeFormat<Uint8Array>({
      name: 'zipped shapefile', clean: zip, read: (b) => readGeoFile(b, 'streets.zip'),
      mutated: fc.array(byteMutation, { minLength: 1, maxLength: 4 }).map((ms) => mutateBytes(zip, ms)),
    }))
    return rows
  } finally {
    console.warn = warn
  }
}
