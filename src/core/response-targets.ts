/**
 * The response target of a place (issue 26, point 2): 1 minute at a key site (重点部位), 3 at a
 * public place, 10 elsewhere (the scene sealed within 10). The data marks places by the
 * key-site layer's `kind` (patrol-plan.ts KEY_SITE_KINDS / PUBLIC_PLACE_KINDS); an alert is at a
 * place when it lies inside that place's polygon. Incidents carry no place type of their own.
 */
import type { FeatureCollection } from 'geojson'
import { areasFromGeoJson } from './areas'
import { buildAreaIndex, locatePoint } from './spatial-join'
import { KEY_SITE_KINDS, PUBLIC_PLACE_KINDS, RESPONSE_TARGETS } from './patrol-plan'

export const ELSEWHERE_SECONDS = 600
export type PlaceKind = 'key_site' | 'public_place' | 'elsewhere'
export const PLACE_KINDS: readonly PlaceKind[] = ['key_site', 'public_place', 'elsewhere']
export const TARGET_SECONDS: Readonly<Record<PlaceKind, number>> = {
  key_site: RESPONSE_TARGETS.keySiteSeconds, public_place: RESPONSE_TARGETS.publicPlaceSeconds, elsewhere: ELSEWHERE_SECONDS,
}

export interface PlaceTargets {
  /** the place kind at (lon, lat); a key site wins where a key site and a public place overlap */
  placeAt(lon: number, lat: number): PlaceKind
}

export function placeTargets(keySites: FeatureCollection | null): PlaceTargets {
  const split = (kinds: readonly string[]) => {
    const features = (keySites?.features ?? []).filter((f) => kinds.includes(String(f.properties?.kind ?? '')))
    return buildAreaIndex(areasFromGeoJson({ type: 'FeatureCollection', features }, { idOptional: true }).areas)
  }
  const key = split(KEY_SITE_KINDS), pub = split(PUBLIC_PLACE_KINDS)
  return {
    placeAt: (lon, lat) => (locatePoint(key, lon, lat) >= 0 ? 'key_site' : locatePoint(pub, lon, lat) >= 0 ? 'public_place' : 'elsewhere'),
  }
}
