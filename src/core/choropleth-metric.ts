/** What the choropleth can fill and by which figure: the display store holds the choice, the legend and the panels read it. */
export const CHORO_LAYERS = ['streets', 'compounds', 'grids'] as const
export type ChoroLayer = (typeof CHORO_LAYERS)[number]
/** index: the safety index (weighted alerts per 10,000 residents in the period); mom / yoy: change of the filtered count against 环比 / 同比 */
export const CHORO_METRICS = ['index', 'count', 'perKm2', 'per10k', 'mom', 'yoy'] as const
export type ChoroMetric = (typeof CHORO_METRICS)[number]
export const isChange = (m: ChoroMetric) => m === 'mom' || m === 'yoy'
