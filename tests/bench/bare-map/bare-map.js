// Plain browser JS, not built: the page must cost what MapLibre itself costs and nothing more.
import * as maplibregl from '/vendor/maplibre-gl.mjs'

maplibregl.setWorkerUrl('/vendor/maplibre-gl-worker.mjs')
const meta = await (await fetch('/demo/meta.json')).json()
const line = (id, source, color, width, filter) => ({ id, type: 'line', source, ...(filter ? { filter } : {}), paint: { 'line-color': color, 'line-width': width } })
const road = (cls, color, widths) => line(`road-${cls}`, 'roads', color, ['interpolate', ['exponential', 1.5], ['zoom'], ...widths], ['==', ['get', 'class'], cls])
const map = new maplibregl.Map({
  container: 'map',
  style: {
    version: 8,
    sources: Object.fromEntries(['district', 'streets', 'roads', 'buildings'].map((k) => [k, { type: 'geojson', data: `/demo/${k}.geojson` }])),
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#0a1320' } },
      { id: 'district-fill', type: 'fill', source: 'district', paint: { 'fill-color': '#0f1c2e' } },
      { id: 'buildings', type: 'fill', source: 'buildings', paint: { 'fill-color': '#22344d', 'fill-opacity': 0.6 } },
      road('back', '#2c3d55', [12, 0.3, 16, 3]),
      road('secondary', '#3f5575', [10, 0.6, 16, 6]),
      road('main', '#5b7396', [9, 1, 16, 10]),
      line('streets', 'streets', '#4f6d8f', 1.2),
      { ...line('district-outline', 'district', '#8fb3d9', 2), paint: { 'line-color': '#8fb3d9', 'line-width': 2, 'line-dasharray': [4, 2] } },
    ],
  },
  bounds: meta.bbox,
  fitBoundsOptions: { padding: { top: 30, bottom: 140, left: 250, right: 30 } },
  attributionControl: false,
})
// a guard for the benchmark, never a timer: it only keeps the recording from ending before the map has drawn
map.once('idle', () => (document.documentElement.dataset.idle = 'true'))
