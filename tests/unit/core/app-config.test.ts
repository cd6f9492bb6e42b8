import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG, parseAppConfig } from '../../../src/core/app-config'

describe('parseAppConfig', () => {
  it('demo is the default', () => {
    expect(parseAppConfig({ baseMap: { type: 'demo' } })).toEqual({ config: { baseMap: { type: 'demo' } }, warnings: [] })
    expect(parseAppConfig({})).toEqual({ config: DEFAULT_CONFIG, warnings: [] })
    expect(DEFAULT_CONFIG).toEqual({ baseMap: { type: 'demo' } })
  })

  it('raster with tiles keeps the string tiles and fills tileSize 256 and demoOverlay true', () => {
    const r = parseAppConfig({ baseMap: { type: 'raster', tiles: ['/tiles/{z}/{x}/{y}.png', 42, null], maxzoom: 17, attribution: '潍坊' } })
    expect(r.warnings).toEqual([])
    expect(r.config).toEqual({
      baseMap: { type: 'raster', tiles: ['/tiles/{z}/{x}/{y}.png'], tileSize: 256, maxzoom: 17, attribution: '潍坊', demoOverlay: true },
    })
  })

  it('raster keeps tileSize 512 and demoOverlay false; ignores a non-number maxzoom', () => {
    const r = parseAppConfig({ baseMap: { type: 'raster', tiles: ['/t/{z}/{x}/{y}'], tileSize: 512, demoOverlay: false, maxzoom: '18' } })
    expect(r.config).toEqual({
      baseMap: { type: 'raster', tiles: ['/t/{z}/{x}/{y}'], tileSize: 512, maxzoom: undefined, attribution: undefined, demoOverlay: false },
    })
  })

  it('raster with empty or non-string tiles falls back to demo with a warning', () => {
    const warn = 'baseMap.raster needs a non-empty "tiles" list; using the demo base map'
    expect(parseAppConfig({ baseMap: { type: 'raster', tiles: [] } })).toEqual({ config: DEFAULT_CONFIG, warnings: [warn] })
    expect(parseAppConfig({ baseMap: { type: 'raster', tiles: [1, 2] } })).toEqual({ config: DEFAULT_CONFIG, warnings: [warn] })
    expect(parseAppConfig({ baseMap: { type: 'raster' } })).toEqual({ config: DEFAULT_CONFIG, warnings: [warn] })
  })

  it('pmtiles with a url', () => {
    const r = parseAppConfig({ baseMap: { type: 'pmtiles', url: '/tiles/weifang.pmtiles', maxzoom: 16 } })
    expect(r.warnings).toEqual([])
    expect(r.config).toEqual({
      baseMap: { type: 'pmtiles', url: '/tiles/weifang.pmtiles', maxzoom: 16, attribution: undefined, demoOverlay: true },
    })
  })

  it('pmtiles without a url (or an empty one) falls back with a warning', () => {
    const warn = 'baseMap.pmtiles needs a "url"; using the demo base map'
    expect(parseAppConfig({ baseMap: { type: 'pmtiles' } })).toEqual({ config: DEFAULT_CONFIG, warnings: [warn] })
    expect(parseAppConfig({ baseMap: { type: 'pmtiles', url: '' } })).toEqual({ config: DEFAULT_CONFIG, warnings: [warn] })
    expect(parseAppConfig({ baseMap: { type: 'pmtiles', url: 5 } })).toEqual({ config: DEFAULT_CONFIG, warnings: [warn] })
  })

  it('an unknown type falls back with a warning that quotes it', () => {
    expect(parseAppConfig({ baseMap: { type: 'vector' } })).toEqual({
      config: DEFAULT_CONFIG, warnings: ['unknown baseMap.type "vector"; using the demo base map'],
    })
    expect(parseAppConfig({ baseMap: {} }).warnings).toEqual(['unknown baseMap.type undefined; using the demo base map'])
  })

  it('a non-object falls back with a warning', () => {
    for (const x of [null, undefined, 'demo', 42, true]) {
      expect(parseAppConfig(x)).toEqual({ config: DEFAULT_CONFIG, warnings: ['config is not an object'] })
    }
    expect(parseAppConfig({ baseMap: 'raster' })).toEqual({ config: DEFAULT_CONFIG, warnings: [] })
  })

  it('refresh and live: same-origin paths or configured http(s)/ws(s) URLs, kept beside the base map', () => {
    const r = parseAppConfig({
      baseMap: { type: 'pmtiles', url: '/t.pmtiles' },
      refresh: { url: '/live/incidents.csv', intervalS: 30 },
      live: { url: 'wss://cc.example/live', kind: 'websocket' },
    })
    expect(r.warnings).toEqual([])
    expect(r.config.baseMap.type).toBe('pmtiles')
    expect(r.config.refresh).toEqual({ url: '/live/incidents.csv', intervalS: 30 })
    expect(r.config.live).toEqual({ url: 'wss://cc.example/live', kind: 'websocket' })
    expect(parseAppConfig({ live: { url: 'live/incidents', kind: 'sse' } }).config).toEqual({ baseMap: { type: 'demo' }, live: { url: 'live/incidents', kind: 'sse' } })
    expect(parseAppConfig({ refresh: { url: 'https://cc.example/i.csv', intervalS: 0.05 } }).config.refresh).toEqual({ url: 'https://cc.example/i.csv', intervalS: 0.05 })
  })

  it('a refresh or live entry that cannot be used is dropped with a warning; the rest applies', () => {
    const badUrl = 'refresh needs a same-origin path or an http(s) "url"; data refresh is off'
    const badInterval = 'refresh.intervalS must be a positive number of seconds; data refresh is off'
    for (const url of ['javascript:alert(1)', 'data:text/csv,a', '//evil.example/x.csv', '', 5, 'ws://x/y']) {
      expect(parseAppConfig({ refresh: { url, intervalS: 10 } })).toEqual({ config: DEFAULT_CONFIG, warnings: [badUrl] })
    }
    for (const intervalS of [0, -1, '10', Infinity, NaN, undefined]) {
      expect(parseAppConfig({ refresh: { url: '/i.csv', intervalS } })).toEqual({ config: DEFAULT_CONFIG, warnings: [badInterval] })
    }
    expect(parseAppConfig({ live: { url: '/live', kind: 'mqtt' } }).warnings).toEqual(['live.kind must be "sse" or "websocket" (got "mqtt"); live mode is off'])
    // an EventSource cannot open ws: URLs
    expect(parseAppConfig({ live: { url: 'ws://x/live', kind: 'sse' } }).warnings).toEqual(['live needs a same-origin path or an http(s) "url"; live mode is off'])
    const keepsBase = parseAppConfig({ baseMap: { type: 'raster', tiles: ['/t/{z}/{x}/{y}'] }, live: null, refresh: { url: '/i.csv', intervalS: 5 } })
    expect(keepsBase.config.baseMap.type).toBe('raster')
    expect(keepsBase.config.refresh).toEqual({ url: '/i.csv', intervalS: 5 })
    expect(keepsBase.config.live).toBeUndefined()
    expect(keepsBase.warnings).toHaveLength(1)
  })

  it('live.keep: a positive whole number bounds the live window; anything else warns and keeps the feed on with the default', () => {
    expect(parseAppConfig({ live: { url: '/live', kind: 'sse', keep: 60_000 } })).toEqual({ config: { baseMap: { type: 'demo' }, live: { url: '/live', kind: 'sse', keep: 60_000 } }, warnings: [] })
    expect(parseAppConfig({ live: { url: '/live', kind: 'sse', keep: 1 } }).config.live).toEqual({ url: '/live', kind: 'sse', keep: 1 })
    for (const keep of [0, -5, 1.5, '1000', NaN, Infinity, 2 ** 60, null, true]) {
      const r = parseAppConfig({ live: { url: '/live', kind: 'websocket', keep } })
      expect(r.config.live, String(keep)).toEqual({ url: '/live', kind: 'websocket' })
      expect(r.warnings).toEqual([`live.keep must be a positive whole number of incidents (got ${JSON.stringify(keep)}); the default is used`])
    }
  })
  it('server.url: a path on this origin, given a trailing slash; another origin or a non-path is refused with a warning', () => {
    expect(parseAppConfig({ server: { url: '/pingan' } })).toEqual({ config: { ...DEFAULT_CONFIG, server: { url: '/pingan/' } }, warnings: [] })
    expect(parseAppConfig({ server: { url: './' } }).config.server).toEqual({ url: './' })
    expect(parseAppConfig({ server: { url: '/', windowMonths: 24 } })).toEqual({ config: { ...DEFAULT_CONFIG, server: { url: '/', windowMonths: 24 } }, warnings: [] })
    for (const months of [0, 2.5, '6', 601]) {
      const r = parseAppConfig({ server: { url: '/', windowMonths: months } })
      expect(r.config.server, String(months)).toEqual({ url: '/' })
      expect(r.warnings, String(months)).toEqual([`server.windowMonths must be a whole number of months, 1 to 600 (got ${JSON.stringify(months)}); the default is used`])
    }
    for (const url of ['https://elsewhere.example/', '//elsewhere.example/', 'javascript:alert(1)', '', 7, '/api?x=1']) {
      const { config, warnings } = parseAppConfig({ server: { url } })
      expect(config.server, String(url)).toBeUndefined()
      expect(warnings, String(url)).toHaveLength(1)
    }
  })
})

describe('live.units', () => {
  it('a same-origin path or an http(s) URL beside the live feed; anything else is dropped with a warning, the live feed kept', () => {
    expect(parseAppConfig({ live: { url: '/live/incidents', kind: 'sse', units: '/live/units' } }).config.live).toEqual({ url: '/live/incidents', kind: 'sse', units: '/live/units' })
    const bad = parseAppConfig({ live: { url: '/live/incidents', kind: 'sse', keep: 10, units: 'ws://x/units' } })
    expect(bad.config.live).toEqual({ url: '/live/incidents', kind: 'sse', keep: 10 })
    expect(bad.warnings).toEqual(['live.units needs a same-origin path or an http(s) URL; the units follow no feed'])
  })
})
