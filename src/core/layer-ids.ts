/** Overlay layers a user can toggle, in drawing order (bottom first). */
export const LAYER_IDS = ['incidents', 'streets', 'compounds', 'keySites', 'cameras', 'checkpoints', 'stations'] as const
export type LayerId = (typeof LAYER_IDS)[number]

export const DEFAULT_LAYERS: readonly LayerId[] = ['incidents', 'streets', 'keySites', 'cameras', 'stations']

export function isLayerId(x: string): x is LayerId {
  return (LAYER_IDS as readonly string[]).includes(x)
}
