/** Overlay layers a user can toggle, in drawing order (bottom first). */
export const LAYER_IDS = ['incidents', 'choropleth', 'hotspots', 'emerging', 'gaps', 'isochrones', 'patrol', 'grids', 'streets', 'compounds', 'keySites', 'nearRepeat', 'repeatPlaces', 'coverage', 'cameras', 'plan', 'checkpoints', 'stations', 'presence', 'response', 'units'] as const

/** Layers computed by the analytics worker when shown (nothing is computed while they are off). */
export const ANALYSIS_LAYERS: readonly LayerId[] = ['gaps', 'coverage', 'patrol', 'isochrones', 'plan', 'emerging', 'nearRepeat', 'repeatPlaces']
export type LayerId = (typeof LAYER_IDS)[number]

/** The desk's first view: the cameras' 2,400 dots would hide the heatmap in the centre, so they wait for a click. */
export const DEFAULT_LAYERS: readonly LayerId[] = ['incidents', 'streets', 'keySites', 'stations']

export function isLayerId(x: string): x is LayerId {
  return (LAYER_IDS as readonly string[]).includes(x)
}
