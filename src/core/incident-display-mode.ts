/**
 * How the incident layer may be drawn and the density range its colours span: the display
 * store holds the choice, the map's layers and the legend read it.
 */
export const INCIDENT_MODES = ['heatmap', 'points', 'hexagon'] as const
export type IncidentMode = (typeof INCIDENT_MODES)[number]

/** The density range the colours span now: [start of the ramp, saturation], incidents per km². */
export function densityRange(densityMax: number, intensity: number): [number, number] {
  const top = densityMax / intensity
  return [top / 20, top]
}
