import { OKABE_ITO } from '../theme'

type RGBA = [number, number, number, number]
const rgba = (c: readonly [number, number, number], a: number): RGBA => [c[0], c[1], c[2], a]

export const COMPOUND_KIND_COLOR: Record<string, readonly [number, number, number]> = {
  old: OKABE_ITO.orange,
  new: OKABE_ITO.skyBlue,
  village: OKABE_ITO.green,
}
export const KEY_SITE_KIND_COLOR: Record<string, readonly [number, number, number]> = {
  school: OKABE_ITO.yellow,
  hospital: OKABE_ITO.purple,
  business: OKABE_ITO.vermillion,
  station: OKABE_ITO.skyBlue,
  plaza: OKABE_ITO.green,
  government: OKABE_ITO.blue,
}
export { CAMERA_CLASS_COLOR, CAMERA_OFFLINE_COLOR } from '../palette'
/** the outline of a camera whose heading is unknown: no class or status hue, which views carry */
export const NO_HEADING_COLOR: [number, number, number] = [236, 236, 236]

export function kindColor(table: Record<string, readonly [number, number, number]>, kind: unknown, alpha: number): RGBA {
  return rgba(table[String(kind)] ?? OKABE_ITO.grey, alpha)
}
export { rgba }
