/**
 * The base map's own layers follow the data: imported roads, buildings and streets replace the
 * demo's in the map's GeoJSON sources once the style has loaded.
 */
import { watch } from 'vue'
import type * as maplibregl from 'maplibre-gl'
import type { FeatureCollection } from 'geojson'
import { useDataStore } from '../stores/data'

/** What a base layer of the map draws: data, a same-origin URL MapLibre fetches itself, or (the roads) either once fetched. */
export interface BaseSourceOf {
  (kind: 'roads'): Promise<FeatureCollection | string>
  (kind: 'buildings' | 'streets'): FeatureCollection | string
}

export function useBaseSources(map: () => maplibregl.Map | null, baseSource: BaseSourceOf) {
  const data = useDataStore()
  /** what each base source was last given (the style's first data counts as given) */
  const sourceData = new Map<string, FeatureCollection | string>()

  async function sync() {
    const set = (id: string, value: FeatureCollection | string) => {
      const src = map()?.getSource(id) as maplibregl.GeoJSONSource | undefined
      if (src && sourceData.get(id) !== value) {
        sourceData.set(id, value)
        src.setData(value)
      }
    }
    set('buildings', baseSource('buildings'))
    set('district', baseSource('streets'))
    set('roads', await baseSource('roads'))
  }

  watch(() => [data.roads, data.buildings, data.streets, data.info.roads.origin, data.info.buildings.origin, data.info.streets.origin], () => {
    if (map()?.loaded()) void sync()
  })

  return {
    /** the data the style was made with, by source id */
    given(first: Record<string, FeatureCollection | string>) {
      for (const [id, value] of Object.entries(first)) sourceData.set(id, value)
    },
    sync,
  }
}
