import { DataFilterExtension } from '@deck.gl/extensions'
import type { GpuFilterProps, IncidentFilterAttributes } from '../../core/incident-filter'

/**
 * DataFilterExtension whose category keys are the attribute values themselves. The stock
 * extension numbers categories in order of first appearance, which needs a per-incident
 * JavaScript transform on every data change (seconds for a million incidents) and breaks on
 * an external attribute buffer. Our keys are already 0..31 per channel
 * (core/incident-filter.ts), so the identity is exact and the attribute goes to the GPU as is.
 */
class KeyedDataFilterExtension extends DataFilterExtension {
  static override extensionName = 'KeyedDataFilterExtension'
  override _getCategoryKey(category: number | string): number {
    return Number(category)
  }
}

/** One instance: deck.gl compares extensions by identity and would rebuild shaders for a new one. */
export const INCIDENT_FILTER_EXTENSION = new KeyedDataFilterExtension({ filterSize: 1, categorySize: 4 })

/** The binary attributes, by deck.gl attribute name, to merge into a layer's `data.attributes`. */
export function filterAttributeBuffers(attrs: IncidentFilterAttributes) {
  return {
    filterValues: { value: attrs.minutes, size: 1 },
    filterCategoryValues: { value: attrs.categories, size: 4 },
  }
}

/** Layer props for the filter; only these change when the filter does (uniforms, no attribute). */
export function filterLayerProps(props: GpuFilterProps) {
  return {
    extensions: [INCIDENT_FILTER_EXTENSION],
    filterEnabled: props.filterEnabled,
    filterRange: props.filterRange,
    filterCategories: props.filterCategories,
  }
}

/** The four 32-bit masks the shader tests (bit k of channel c = key k allowed), for layers that set the uniforms themselves. */
export function categoryBitMask(filterCategories: number[][]): Uint32Array {
  const mask = new Uint32Array(4)
  filterCategories.forEach((keys, c) => { for (const k of keys) mask[c] |= 2 ** (k & 31) })
  return mask
}
