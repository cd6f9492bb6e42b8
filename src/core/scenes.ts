/**
 * A scene is a saved view the wall screen rotates through: camera, layers, the incident filter
 * and a title, shown for `durationS` seconds. Scenes come from IndexedDB and from JSON files
 * people pass around, so everything is validated field by field, and an error names the entry
 * and the field. Titles are plain text: whatever markup they hold is shown as typed, never parsed.
 */
import { isLayerId, type LayerId } from './layer-ids'
import { CATEGORIES } from './incidents'
import type { IncidentFilterSpec } from './incident-filter'
import { errorMessage } from './text-format'

export interface Scene {
  id: string
  title: string
  /** lon, lat (WGS-84) */
  center: [number, number]
  zoom: number
  /**
   * The extent the person saw at the desk (minLon, minLat, maxLon, maxLat): the wall fits it to
   * its own screen, whatever its size. Scenes saved before it was kept have none and open at
   * `center` and `zoom`.
   */
  bounds?: [number, number, number, number]
  layers: LayerId[]
  filter: IncidentFilterSpec
  durationS: number
}

export const SCENES_FORMAT = 'pingan-map-scenes'
export const SCENES_VERSION = 1
export const MIN_DURATION_S = 1
export const MAX_DURATION_S = 3600
export const MAX_TITLE = 120

/** A bad scene: `entry` says which (1-based position and id or title when known), `field` what. */
export class SceneError extends Error {
  constructor(readonly entry: string, readonly field: string, problem: string) {
    super(`${entry}: ${field} ${problem}`)
    this.name = 'SceneError'
  }
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)
const isInt = (x: unknown, min: number, max: number): x is number => Number.isInteger(x) && (x as number) >= min && (x as number) <= max

function codes(x: unknown, max: number, entry: string, field: string): number[] | null {
  if (x === null || x === undefined) return null
  if (!Array.isArray(x) || !x.every((c) => isInt(c, 0, max))) throw new SceneError(entry, field, `must be null or a list of whole numbers 0…${max}`)
  return [...new Set(x as number[])].sort((a, b) => a - b)
}

/** A filter spec from untrusted JSON; absent fields mean "no restriction". */
export function validateFilterSpec(x: unknown, entry: string): IncidentFilterSpec {
  if (x === undefined || x === null) x = {}
  if (!isObj(x)) throw new SceneError(entry, 'filter', 'must be an object')
  const time = (v: unknown, field: string) => {
    if (v === null || v === undefined) return null
    if (!isNum(v)) throw new SceneError(entry, field, 'must be null or a time in epoch milliseconds')
    return v
  }
  const from = time(x.from, 'filter.from')
  const to = time(x.to, 'filter.to')
  if (from !== null && to !== null && from >= to) throw new SceneError(entry, 'filter.to', 'must be after filter.from')
  let hours: [number, number] | null = null
  if (x.hours !== null && x.hours !== undefined) {
    const h = x.hours
    if (!Array.isArray(h) || h.length !== 2 || !h.every((v) => isNum(v) && v >= 0 && v <= 24) || h[0] === h[1]) {
      throw new SceneError(entry, 'filter.hours', 'must be null or two different hours [start, end] within 0…24')
    }
    hours = [h[0], h[1]]
  }
  return {
    categories: codes(x.categories, CATEGORIES.length - 1, entry, 'filter.categories'),
    subtypes: codes(x.subtypes, 0xffff, entry, 'filter.subtypes'),
    from, to, hours,
    weekdays: codes(x.weekdays, 6, entry, 'filter.weekdays'),
  }
}

/** An optional extent: absent stays absent; present, it must be a real box on the map. */
function validateBounds(b: unknown, entry: string): [number, number, number, number] | null {
  if (b === undefined || b === null) return null
  if (!Array.isArray(b) || b.length !== 4 || !b.every(isNum) || b[0] >= b[2] || b[1] >= b[3] || Math.abs(b[0]) > 180 || Math.abs(b[2]) > 180 || Math.abs(b[1]) > 85 || Math.abs(b[3]) > 85) {
    throw new SceneError(entry, 'bounds', 'must be absent or [minLon, minLat, maxLon, maxLat] with min < max (|lon| ≤ 180, |lat| ≤ 85)')
  }
  return [b[0] + 0, b[1] + 0, b[2] + 0, b[3] + 0]
}

/** Checks one scene; `position` (1-based) names it in errors. Throws a SceneError. */
export function validateScene(x: unknown, position = 1): Scene {
  let entry = `scene ${position}`
  if (!isObj(x)) throw new SceneError(entry, 'scene', 'must be an object')
  if (typeof x.id === 'string' && x.id !== '') entry += ` (${x.id})`
  else if (typeof x.title === 'string') entry += ` (${x.title.slice(0, 40)})`
  if (typeof x.id !== 'string' || x.id.trim() === '' || x.id.length > 100) throw new SceneError(entry, 'id', 'must be a non-empty text of at most 100 characters')
  const title = typeof x.title === 'string' ? x.title.trim() : ''
  if (title === '' || title.length > MAX_TITLE) throw new SceneError(entry, 'title', `must be a non-empty text of at most ${MAX_TITLE} characters`)
  const c = x.center
  if (!Array.isArray(c) || c.length !== 2 || !isNum(c[0]) || !isNum(c[1]) || Math.abs(c[0]) > 180 || Math.abs(c[1]) > 85) {
    throw new SceneError(entry, 'center', 'must be [lon, lat] in degrees (|lon| ≤ 180, |lat| ≤ 85)')
  }
  if (!isNum(x.zoom) || x.zoom < 0 || x.zoom > 22) throw new SceneError(entry, 'zoom', 'must be a number 0…22')
  const bounds = validateBounds(x.bounds, entry)
  if (!Array.isArray(x.layers) || !x.layers.every((l) => typeof l === 'string')) throw new SceneError(entry, 'layers', 'must be a list of layer names')
  const unknown = x.layers.filter((l) => !isLayerId(l))
  if (unknown.length) throw new SceneError(entry, 'layers', `has unknown layers: ${unknown.map((l) => JSON.stringify(l)).join(', ')}`)
  if (!isNum(x.durationS) || x.durationS < MIN_DURATION_S || x.durationS > MAX_DURATION_S) {
    throw new SceneError(entry, 'durationS', `must be a number of seconds ${MIN_DURATION_S}…${MAX_DURATION_S}`)
  }
  return {
    // + 0 turns -0 into 0, which is what JSON gives back
    id: x.id, title, center: [c[0] + 0, c[1] + 0], zoom: x.zoom + 0, ...(bounds ? { bounds } : {}), layers: [...new Set(x.layers as LayerId[])],
    filter: validateFilterSpec(x.filter, entry), durationS: x.durationS,
  }
}

export interface ScenesFileResult {
  scenes: Scene[]
  /** one message per entry left out (or one for the whole file) */
  errors: string[]
}

/** A value for a message: JSON, cut short; a value nested thousands deep would overflow JSON.stringify. */
function quoted(v: unknown): string {
  if (typeof v === 'object' && v !== null) return Array.isArray(v) ? 'a list' : 'an object'
  const s = JSON.stringify(v) ?? String(v)
  return s.length > 80 ? `${s.slice(0, 80)}…` : s
}

/** Reads a scenes file (`{ format, version, scenes: [...] }` or a bare list): good entries are kept, each bad one is reported. */
export function parseScenesFile(text: string): ScenesFileResult {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return { scenes: [], errors: [`not JSON: ${errorMessage(e)}`] }
  }
  let list: unknown
  if (Array.isArray(json)) list = json
  else if (isObj(json)) {
    if (json.format !== undefined && json.format !== SCENES_FORMAT) return { scenes: [], errors: [`format ${quoted(json.format)} is not "${SCENES_FORMAT}"`] }
    if (json.version !== undefined && json.version !== SCENES_VERSION) return { scenes: [], errors: [`version ${quoted(json.version)} is not supported (expected ${SCENES_VERSION})`] }
    list = json.scenes
  }
  if (!Array.isArray(list)) return { scenes: [], errors: ['no "scenes" list'] }
  const scenes: Scene[] = []
  const errors: string[] = []
  const seen = new Set<string>()
  list.forEach((x, i) => {
    try {
      const s = validateScene(x, i + 1)
      if (seen.has(s.id)) throw new SceneError(`scene ${i + 1} (${s.id})`, 'id', 'repeats an earlier scene’s id')
      seen.add(s.id)
      scenes.push(s)
    } catch (e) {
      errors.push(errorMessage(e))
    }
  })
  return { scenes, errors }
}

/** The file `parseScenesFile` reads back. */
export function scenesFileJson(scenes: readonly Scene[]): string {
  return JSON.stringify({ format: SCENES_FORMAT, version: SCENES_VERSION, scenes }, null, 2)
}
