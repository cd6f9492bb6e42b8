import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parseScenesFile, scenesFileJson, validateScene, type Scene } from '../../../src/core/scenes'
import { NO_FILTER } from '../../../src/core/incident-filter'
import { LAYER_IDS } from '../../../src/core/layer-ids'

const scene = (over: Record<string, unknown> = {}) => ({
  id: 's1', title: '城关 夜间', center: [119.09, 36.7], zoom: 14, layers: ['incidents', 'streets'],
  filter: { categories: [0], subtypes: null, from: null, to: null, hours: [22, 6], weekdays: null }, durationS: 30, ...over,
})

describe('validateScene', () => {
  it('keeps a good scene; titles keep their markup as text; absent filter fields mean no restriction', () => {
    expect(validateScene(scene())).toEqual(scene())
    expect(validateScene(scene({ title: '  <img src=x onerror=alert(1)> 东关  ' })).title).toBe('<img src=x onerror=alert(1)> 东关')
    expect(validateScene(scene({ filter: undefined })).filter).toEqual(NO_FILTER)
    // the extent seen at the desk is kept; a scene saved before it was kept has none, not an empty one
    expect(validateScene(scene({ bounds: [119.05, 36.68, 119.13, 36.72] })).bounds).toEqual([119.05, 36.68, 119.13, 36.72])
    expect('bounds' in validateScene(scene())).toBe(false)
    expect('bounds' in validateScene(scene({ bounds: null }))).toBe(false)
    // duplicates dropped, codes sorted
    expect(validateScene(scene({ filter: { weekdays: [6, 0, 6] }, layers: ['streets', 'streets'] }))).toMatchObject({ filter: { weekdays: [0, 6] }, layers: ['streets'] })
  })

  it('names the entry and the field of what is wrong', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ id: '' }, 'scene 3 (城关 夜间): id must be a non-empty text'],
      [{ title: ' ' }, 'scene 3 (s1): title must be a non-empty text of at most 120 characters'],
      [{ title: 'x'.repeat(121) }, 'scene 3 (s1): title must be'],
      [{ center: [200, 36] }, 'scene 3 (s1): center must be [lon, lat]'],
      [{ center: [119] }, 'scene 3 (s1): center must be'],
      [{ zoom: 23 }, 'scene 3 (s1): zoom must be a number 0…22'],
      [{ layers: ['incidents', 'roads'] }, 'scene 3 (s1): layers has unknown layers: "roads"'],
      [{ durationS: 0.5 }, 'scene 3 (s1): durationS must be a number of seconds 1…3600'],
      [{ durationS: '30' }, 'scene 3 (s1): durationS must be'],
      [{ filter: { categories: [9] } }, 'scene 3 (s1): filter.categories must be null or a list of whole numbers 0…4'],
      [{ filter: { weekdays: [7] } }, 'scene 3 (s1): filter.weekdays must be'],
      [{ filter: { hours: [6, 6] } }, 'scene 3 (s1): filter.hours must be null or two different hours'],
      [{ filter: { hours: [22, 25] } }, 'scene 3 (s1): filter.hours must be'],
      [{ filter: { from: 10, to: 5 } }, 'scene 3 (s1): filter.to must be after filter.from'],
      [{ filter: { from: '2024-01-01' } }, 'scene 3 (s1): filter.from must be null or a time in epoch milliseconds'],
      [{ filter: 'all' }, 'scene 3 (s1): filter must be an object'],
      [{ bounds: [119.2, 36.6, 119.1, 36.8] }, 'scene 3 (s1): bounds must be absent or [minLon, minLat, maxLon, maxLat]'],
      [{ bounds: [119, 36.6, 119.1] }, 'scene 3 (s1): bounds must be'],
      [{ bounds: [119, 36.6, 119.1, 86] }, 'scene 3 (s1): bounds must be'],
      [{ bounds: [119, 36.6, 119.1, '36.8'] }, 'scene 3 (s1): bounds must be'],
    ]
    for (const [over, message] of cases) expect(() => validateScene(scene(over), 3), JSON.stringify(over)).toThrow(message)
    expect(() => validateScene(null, 2)).toThrow('scene 2: scene must be an object')
  })

  it('whatever it accepts, it accepts again unchanged (a round trip through JSON is stable)', () => {
    const arb = fc.record({
      id: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ''),
      title: fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() !== ''),
      center: fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -85, max: 85, noNaN: true })),
      zoom: fc.double({ min: 0, max: 22, noNaN: true }),
      bounds: fc.option(fc.tuple(fc.double({ min: -180, max: 0, noNaN: true }), fc.double({ min: -85, max: 0, noNaN: true }), fc.double({ min: 0.001, max: 180, noNaN: true }), fc.double({ min: 0.001, max: 85, noNaN: true }))),
      layers: fc.subarray([...LAYER_IDS]),
      durationS: fc.integer({ min: 1, max: 3600 }),
      filter: fc.record({ categories: fc.option(fc.subarray([0, 1, 2, 3, 4])), hours: fc.option(fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 12, max: 24 }))) }),
    })
    fc.assert(fc.property(arb, (x) => {
      const once = validateScene(x)
      expect(validateScene(JSON.parse(JSON.stringify(once)))).toEqual(once)
    }))
  })
})

describe('scenes file', () => {
  it('round-trips through scenesFileJson', () => {
    const scenes: Scene[] = [validateScene(scene()), validateScene(scene({ id: 's2', title: '<b>全区</b>', filter: null }))]
    const text = scenesFileJson(scenes)
    expect(JSON.parse(text)).toMatchObject({ format: 'pingan-map-scenes', version: 1 })
    expect(parseScenesFile(text)).toEqual({ scenes, errors: [] })
  })

  it('keeps the good entries and reports each bad one; a bare list is read too', () => {
    const r = parseScenesFile(JSON.stringify([scene(), scene({ id: 's2', zoom: -1 }), 'x', scene()]))
    expect(r.scenes.map((s) => s.id)).toEqual(['s1'])
    expect(r.errors).toEqual([
      'scene 2 (s2): zoom must be a number 0…22',
      'scene 3: scene must be an object',
      'scene 4 (s1): id repeats an earlier scene’s id',
    ])
  })

  it('refuses what is not a scenes file', () => {
    expect(parseScenesFile('{').errors[0]).toMatch(/^not JSON: /)
    expect(parseScenesFile('{"format":"pingan-map-plan","scenes":[]}').errors).toEqual(['format "pingan-map-plan" is not "pingan-map-scenes"'])
    expect(parseScenesFile('{"version":2,"scenes":[]}').errors).toEqual(['version 2 is not supported (expected 1)'])
    expect(parseScenesFile('{"camera":1}').errors).toEqual(['no "scenes" list'])
    expect(parseScenesFile('{"scenes":[]}')).toEqual({ scenes: [], errors: [] })
  })
})
