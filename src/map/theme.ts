/**
 * One dark theme for desk and wall: heat colours read best on a dark ground, and the
 * command-centre wall is dark. Point colours come from the Okabe–Ito palette, which stays
 * distinguishable for red–green colour-blind viewers.
 */
export const OKABE_ITO = {
  orange: [230, 159, 0],
  skyBlue: [86, 180, 233],
  green: [0, 158, 115],
  yellow: [240, 228, 66],
  blue: [0, 114, 178],
  vermillion: [213, 94, 0],
  purple: [204, 121, 167],
  grey: [140, 140, 140],
} as const satisfies Record<string, readonly [number, number, number]>

export const BASE = {
  background: '#0a1320',
  district: '#0f1c2e',
  green: '#12291f',
  water: '#14395a',
  building: '#22344d',
  roadMain: '#5b7396',
  roadSecondary: '#3f5575',
  roadBack: '#2c3d55',
  label: '#c9d6e6',
  labelHalo: '#0a1320',
  outline: '#8fb3d9',
}

export const LABEL_FONT = 'Noto Sans SC'
