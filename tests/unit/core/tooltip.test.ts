import { expect, it } from 'vitest'
import { TOOLTIP_MAX_CHARS, tooltipHtml } from '../../../src/map/tooltip'
import type { CameraColumns } from '../../../src/core/cameras'

const t = (k: string) => `[${k}]`

it('escapes names and properties from data', () => {
  const html = tooltipHtml({ layerId: 'compounds', index: 0, object: { type: 'Feature', geometry: null, properties: { name: '<img src=x onerror=alert(1)>', kind: 'old', population: 1200, community: '"&' } } }, null, t)!
  expect(html).not.toContain('<img')
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
  expect(html).toContain('&quot;&amp;')
  expect(html).toContain('[kind.old]')
})

it('describes a camera from its columns by index', () => {
  const cameras: CameraColumns = {
    count: 1, ids: ['<b>C1</b>'], lon: Float64Array.of(119), lat: Float64Array.of(36),
    azimuth: Float32Array.of(90.4), fov: Float32Array.of(360), range: Float32Array.of(30),
    type: Uint8Array.of(1), cls: Uint8Array.of(0), status: Uint8Array.of(1),
    focalMm: Float32Array.of(NaN), sensorMm: Float32Array.of(NaN), hRes: Float32Array.of(NaN), rangeSource: Uint8Array.of(1),
  }
  const html = tooltipHtml({ layerId: 'cameras', index: 0 }, cameras, t)!
  expect(html).toContain('&lt;b&gt;C1&lt;/b&gt;')
  expect(html).toContain('[camera.dome]')
  expect(html).toContain('90°')
  expect(html).toContain('[camera.offline]')
  expect(tooltipHtml({ layerId: 'cameras', index: 5 }, cameras, t)).toBeNull()
  // a heading the file did not give is said to be unknown, not 0° (north)
  const unknown = tooltipHtml({ layerId: 'cameras', index: 0 }, { ...cameras, azimuth: Float32Array.of(0), headingUnknown: Uint8Array.of(1) }, t)!
  expect(unknown).toContain('[tooltip.headingUnknown]')
  expect(unknown).not.toContain('[tooltip.azimuth]</span> 0°')
})

it('clips a very long name from data so the tooltip stays a glance', () => {
  const html = tooltipHtml({ layerId: 'streets', index: 0, object: { type: 'Feature', geometry: null, properties: { name: 'Ж'.repeat(10_000), community: '<'.repeat(500) } } }, null, t)!
  expect(html).toContain(`<b>${'Ж'.repeat(TOOLTIP_MAX_CHARS)}…</b>`)
  expect(html).toContain(`${'&lt;'.repeat(TOOLTIP_MAX_CHARS)}…`)
  expect(html.length).toBeLessThan(2_000)
})

it('a patrol unit: id escaped, kind and status in words, speed, last fix in Shanghai time', () => {
  const object = { id: '<b>C01</b>', kind: 'car', status: 'on_alert', position: [119, 36.7], speed: 42.4, fixTime: Date.UTC(2025, 11, 31, 2, 30, 5) }
  const html = tooltipHtml({ layerId: 'units', index: 0, object }, null, t)!
  expect(html).toContain('&lt;b&gt;C01&lt;/b&gt;')
  expect(html).not.toContain('<b>C01')
  expect(html).toContain('[patrolUnits.kind.car]')
  expect(html).toContain('[patrolUnits.status.on_alert]')
  expect(html).toContain('42 km/h')
  expect(html).toContain('10:30:05')
})
