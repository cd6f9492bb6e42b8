import type { IncidentColumns } from '../../core/incidents'
import type { GpuFilterProps, IncidentFilterAttributes } from '../../core/incident-filter'
import { interleavePositions } from '../../core/positions'
import { filterAttributeBuffers, filterLayerProps } from './incident-gpu-filter'

/**
 * What an incident layer draws: a set of incidents as binary columns, and, when the GPU does
 * the filtering, the filter attributes and props. `filter` is absent when the rows were already
 * filtered on the CPU (see incidents-overlay.ts): then every row is drawn.
 */
export interface IncidentLayerData {
  /** identity of the rows: a layer rebuilds its attributes only when this changes */
  key: object
  count: number
  positions: Float32Array
  category: Uint8Array
  filter?: { attrs: IncidentFilterAttributes; props: GpuFilterProps }
}

const positionCache = new WeakMap<IncidentColumns, Float32Array>()

/** lon/lat as the Float32 pairs deck.gl reads, built once per dataset. */
export function incidentPositions(incidents: IncidentColumns): Float32Array {
  let positions = positionCache.get(incidents)
  if (!positions) {
    positions = interleavePositions(incidents.lon, incidents.lat, incidents.count)
    positionCache.set(incidents, positions)
  }
  return positions
}

type BinaryAttrs = Record<string, { value: Float32Array | Uint8Array | Uint32Array; size: number }>
interface BinaryData { length: number; attributes: BinaryAttrs }
const dataCache = new WeakMap<object, Map<string, BinaryData>>()

/**
 * `data` (binary attributes) and filter props for layer `id`; `extra` adds the layer's own
 * attributes (built once per rows). `data` keeps its identity while the rows do: deck.gl
 * compares it by reference, and a new object would re-upload every attribute on a filter change.
 */
export function incidentLayerProps(d: IncidentLayerData, id: string, extra: () => BinaryAttrs = () => ({})) {
  let perKey = dataCache.get(d.key)
  if (!perKey) dataCache.set(d.key, (perKey = new Map()))
  const cacheId = `${id}:${d.filter ? 'gpu' : 'cpu'}`
  let data = perKey.get(cacheId)
  if (!data) {
    data = {
      length: d.count,
      attributes: {
        getPosition: { value: d.positions, size: 2 },
        ...extra(),
        ...(d.filter ? filterAttributeBuffers(d.filter.attrs) : {}),
      },
    }
    perKey.set(cacheId, data)
  }
  return { id, data, ...(d.filter ? filterLayerProps(d.filter.props) : {}) }
}
