import { describe, expect, it } from 'vitest'
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl'
import type { BaseMapConfig } from '../../../src/core/app-config'
import { buildBaseStyle, drawsDemoLayers, roadLabelsLayer } from '../../../src/map/base-style'

const urls = {
  district: '/geodata/district.geojson',
  roads: '/geodata/roads.geojson',
  buildings: '/geodata/buildings.geojson',
  water: '/geodata/water.geojson',
  green: '/geodata/green.geojson',
}
const build = (config: BaseMapConfig) => buildBaseStyle({ urls, config })
const ids = (s: StyleSpecification) => s.layers.map((l) => l.id)
const sourceOf = (l: LayerSpecification) => ('source' in l ? l.source : undefined)

const DEMO_LAYERS = ['background', 'district-fill', 'green', 'water', 'buildings', 'road-back', 'road-secondary', 'road-main', 'district-outline', 'road-labels']

const configs: BaseMapConfig[] = [
  { type: 'demo' },
  { type: 'raster', tiles: ['/tiles/{z}/{x}/{y}.png'], tileSize: 256 },
  { type: 'raster', tiles: ['/tiles/{z}/{x}/{y}.png'], demoOverlay: false },
  { type: 'pmtiles', url: '/tiles/weifang.pmtiles' },
  { type: 'pmtiles', url: '/tiles/weifang.pmtiles', demoOverlay: false },
]

describe('buildBaseStyle: invariants for every config', () => {
  for (const config of configs) {
    const name = JSON.stringify(config)
    const s = build(config)
    it(`has no glyphs or sprite, version 8: ${name}`, () => {
      expect(s.version).toBe(8)
      expect('glyphs' in s).toBe(false)
      expect('sprite' in s).toBe(false)
    })
    it(`every layer source exists and layer ids are unique: ${name}`, () => {
      for (const l of s.layers) {
        const src = sourceOf(l)
        if (l.type === 'background') expect(src).toBeUndefined()
        else expect(typeof src === 'string' && src in s.sources, `${l.id} → ${String(src)}`).toBe(true)
      }
      expect(new Set(ids(s)).size).toBe(s.layers.length)
    })
    it(`requests only the given same-origin URLs: ${name}`, () => {
      const allowed = new Set<string>([...Object.values(urls), '/tiles/{z}/{x}/{y}.png', 'pmtiles:///tiles/weifang.pmtiles'])
      const seen: string[] = []
      for (const src of Object.values(s.sources)) {
        if ('data' in src && typeof src.data === 'string') seen.push(src.data)
        if ('url' in src && src.url !== undefined) seen.push(src.url)
        if ('tiles' in src && src.tiles) seen.push(...src.tiles)
      }
      expect(seen.length).toBe(config.type === 'demo' ? 5 : 6)
      for (const u of seen) {
        expect(allowed.has(u), u).toBe(true)
        expect(u).not.toMatch(/^(https?:)?\/\//i)
      }
      expect(JSON.stringify(s)).not.toMatch(/https?:\/\//)
    })
    it(`symbol layers use text-font ['Noto Sans SC']: ${name}`, () => {
      const symbols = s.layers.filter((l) => l.type === 'symbol')
      expect(symbols.length).toBe(config.type !== 'demo' && config.demoOverlay === false ? 0 : 1)
      for (const l of symbols) expect(l.type === 'symbol' && l.layout?.['text-font']).toEqual(['Noto Sans SC'])
    })
  }
})

describe('buildBaseStyle: per config', () => {
  it('demo: the district layers and road labels, no basemap source', () => {
    const s = build({ type: 'demo' })
    expect(ids(s)).toEqual(DEMO_LAYERS)
    expect(Object.keys(s.sources).sort()).toEqual(['buildings', 'district', 'green', 'roads', 'water'])
    expect(s.sources.roads).toEqual({ type: 'geojson', data: '/geodata/roads.geojson' })
  })

  it('without labels: the same style less the road names, which roadLabelsLayer() adds back on top', () => {
    for (const config of configs) {
      const full = build(config)
      const bare = buildBaseStyle({ urls, config, labels: false })
      expect(bare.layers.some((l) => l.type === 'symbol')).toBe(false)
      expect(drawsDemoLayers(config)).toBe(full.layers.length > bare.layers.length)
      if (drawsDemoLayers(config)) expect([...bare.layers, roadLabelsLayer()]).toEqual(full.layers)
      else expect(bare).toEqual(full)
    }
  })

  it('data instead of a URL: a source takes a FeatureCollection the page already holds', () => {
    const roads = { type: 'FeatureCollection' as const, features: [] }
    const s = buildBaseStyle({ urls: { ...urls, roads }, config: { type: 'demo' } })
    expect(s.sources.roads).toEqual({ type: 'geojson', data: roads })
  })

  it('raster: a raster source and layer directly above background, below the demo layers', () => {
    const s = build({ type: 'raster', tiles: ['/tiles/{z}/{x}/{y}.png'], tileSize: 512, maxzoom: 17, attribution: 'x' })
    expect(ids(s)).toEqual(['background', 'basemap', ...DEMO_LAYERS.slice(1)])
    expect(s.layers[1]).toEqual({ id: 'basemap', type: 'raster', source: 'basemap' })
    expect(s.sources.basemap).toEqual({ type: 'raster', tiles: ['/tiles/{z}/{x}/{y}.png'], tileSize: 512, maxzoom: 17, attribution: 'x' })
  })

  it('raster defaults: tileSize 256, maxzoom 18', () => {
    const s = build({ type: 'raster', tiles: ['/t/{z}/{x}/{y}'] })
    expect(s.sources.basemap).toMatchObject({ type: 'raster', tileSize: 256, maxzoom: 18 })
  })

  it('demoOverlay:false drops the demo road/building/fill layers but keeps the district outline', () => {
    const s = build({ type: 'raster', tiles: ['/tiles/{z}/{x}/{y}.png'], demoOverlay: false })
    expect(ids(s)).toEqual(['background', 'basemap', 'district-outline'])
  })

  it('pmtiles: a raster source with url pmtiles:// + url', () => {
    const s = build({ type: 'pmtiles', url: '/tiles/weifang.pmtiles', attribution: '© 潍坊' })
    expect(s.sources.basemap).toEqual({ type: 'raster', url: 'pmtiles:///tiles/weifang.pmtiles', tileSize: 256, attribution: '© 潍坊' })
    expect(ids(s)).toEqual(['background', 'basemap', ...DEMO_LAYERS.slice(1)])
    expect(ids(build({ type: 'pmtiles', url: '/p.pmtiles', demoOverlay: false }))).toEqual(['background', 'basemap', 'district-outline'])
  })
})
