import { HeatmapLayer } from '@deck.gl/aggregation-layers'
import { interpolateInferno } from 'd3-scale-chromatic'
import { categoryBitMask } from './incident-gpu-filter'
import { incidentLayerProps, type IncidentLayerData } from './incident-layer-data'
import { densityToHeatWeight } from './heat-units'

/** Inferno is perceptually uniform and reads for red–green colour-blind viewers; skip its black end on a dark map. */
export const HEAT_COLORS: [number, number, number][] = [0.25, 0.4, 0.55, 0.7, 0.85, 1].map((t) => {
  const hex = interpolateInferno(t) // '#rrggbb'
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]
})

interface DensityProps {
  /** incidents per km² where the colour ramp starts and where it saturates (at intensity 1) */
  densityDomain: [number, number]
}

/**
 * HeatmapLayer that (1) really applies DataFilterExtension and (2) colours by density in
 * incidents per km².
 *
 * (1) In deck.gl 9.4 the extension's shader code is compiled into the heatmap's weight pass,
 * but its uniforms are only set in a primitive layer's draw(), which this composite layer
 * never runs (visgl/deck.gl#9058): the filter would silently stay off. We set them on the
 * weight pass ourselves. A filter change marks the heatmap's aggregation dirty (it compares
 * extension props), so the GPU re-accumulates the weight map with the new uniforms; the
 * attributes are not touched and nothing runs per incident on the CPU.
 *
 * (2) The weight map holds kernel sums; heat-units.ts turns incidents per km² into them for
 * the radius in metres the map was drawn with, so the legend holds at every zoom.
 */
class DensityHeatmapLayer extends HeatmapLayer<unknown, DensityProps> {
  static override layerName = 'DensityHeatmapLayer'
  static override defaultProps = {
    ...HeatmapLayer.defaultProps,
    densityDomain: { type: 'array', value: [1, 1000], compare: true },
  } as typeof HeatmapLayer.defaultProps
  declare state: HeatmapLayer['state'] & { weightMapMetresPerPixel?: number }

  /**
   * deck.gl 9.4 builds the weight pass once in initializeState, before the filter extension has
   * added its attributes, and again on the first data update with them. The first build's shader
   * reads filterValues / filterCategoryValues that its buffer layout lacks (luma.gl warns, and a
   * draw with it reads a uint input from a float default: GL_INVALID_OPERATION): skip that build,
   * the data update always makes the real one before any draw.
   */
  override _createWeightsTransform(shaders: Parameters<HeatmapLayer['_createWeightsTransform']>[0]) {
    const filtered = (this.props as { extensions?: unknown[] }).extensions?.length
    if (filtered && !this.getAttributeManager()?.attributes.filterValues) return
    super._createWeightsTransform(shaders)
    // deck.gl hands the weight pass its own target texture as a shader prop, which luma.gl
    // then tries to bind and cannot find in the shader: keep it to the uniforms
    const inputs = this.state.weightsTransform?.model.shaderInputs
    if (!inputs) return
    const setProps = inputs.setProps.bind(inputs)
    inputs.setProps = (props: Parameters<typeof setProps>[0]) => {
      const weight = props.weight as Record<string, unknown> | undefined
      if (weight && 'weightsTexture' in weight) {
        const { weightsTexture: _target, ...uniforms } = weight
        return setProps({ ...props, weight: uniforms })
      }
      return setProps(props)
    }
  }

  /**
   * The max-weight pass is never run (see _updateMaxWeightValue), but deck.gl still builds it
   * with the layer's extension modules: the filter's shader code would read attributes that pass
   * has no buffers for. Built without them it is a plain texture read.
   */
  override getShaders(shaders: Parameters<HeatmapLayer['getShaders']>[0]) {
    const out = super.getShaders(shaders)
    const isMaxPass = (shaders.modules as { name: string }[] | undefined)?.some((m) => m.name === 'maxWeight')
    return isMaxPass ? { ...out, modules: (out.modules as { name: string }[]).filter((m) => m.name !== 'dataFilter') } : out
  }

  override _updateWeightmap() {
    if (!this.state.weightsTransform) return
    const model = this.state.weightsTransform.model
    const p = this.props as unknown as { extensions: unknown[]; filterEnabled?: boolean; filterRange?: [number, number]; filterCategories?: number[][] }
    if (model && p.filterCategories) {
      model.shaderInputs.setProps({
        dataFilter: {
          extensions: p.extensions, filterEnabled: p.filterEnabled, filterRange: p.filterRange,
          filterSoftRange: null, filterTransformSize: true, filterTransformColor: true,
          filterCategories: p.filterCategories, categoryBitMask: categoryBitMask(p.filterCategories),
        },
      })
    }
    super._updateWeightmap()
    this.state.weightMapMetresPerPixel = this.context.viewport.metersPerPixel
    // the colour quad's props are unchanged, so nothing else tells deck.gl the texture it reads did
    this.setNeedsRedraw()
  }

  /**
   * deck.gl finds the largest weight with a pass that draws one point per texel of the weight
   * map (4 million at its 2048² default) and reads it only when no colour domain is set; ours
   * always is (renderLayers, before any colour pass). Under SwiftShader that pass alone held the
   * page's first heatmap frame for seconds.
   */
  override _updateMaxWeightValue() {}

  /** The colour pass draws one quad, not incidents: it must not inherit the filter extension. */
  override getSubLayerProps(sublayerProps?: Parameters<HeatmapLayer['getSubLayerProps']>[0]) {
    return { ...super.getSubLayerProps(sublayerProps), extensions: [] }
  }

  override renderLayers() {
    const mpp = this.state.weightMapMetresPerPixel
    if (mpp) {
      const { densityDomain, radiusPixels } = this.props
      const scale = this.state.weightsScale
      this.state.colorDomain = [
        densityToHeatWeight(densityDomain[0], radiusPixels, mpp) * scale,
        densityToHeatWeight(densityDomain[1], radiusPixels, mpp) * scale,
      ]
    }
    return super.renderLayers()
  }
}

export interface HeatStyle {
  radiusPixels: number
  intensity: number
  /** incidents per km² at the two ends of the colour ramp, at intensity 1 */
  densityDomain: [number, number]
}

export function incidentsHeatmapLayer(d: IncidentLayerData, style: HeatStyle) {
  return new DensityHeatmapLayer({
    ...incidentLayerProps(d, 'incidents'),
    radiusPixels: style.radiusPixels,
    intensity: style.intensity,
    densityDomain: style.densityDomain,
    colorRange: HEAT_COLORS,
    aggregation: 'SUM',
  })
}
