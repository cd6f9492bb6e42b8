import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { cleanOrigin, contentSecurityPolicy } from '../../../src/core/csp'
import { DEFAULT_CONFIG, parseAppConfig, type AppConfig } from '../../../src/core/app-config'

const DEFAULT_POLICY =
  "default-src 'self'; script-src 'self'; worker-src 'self' blob:; connect-src 'self'; img-src 'self' data: blob:; " +
  "font-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; form-action 'self'"

const directives = (policy: string) =>
  new Map(policy.split('; ').map((d) => {
    const [name, ...sources] = d.split(' ')
    return [name, sources] as const
  }))
const policyOf = (json: unknown) => contentSecurityPolicy(parseAppConfig(json).config)

describe('contentSecurityPolicy', () => {
  it('is exactly the same-origin policy for the default configuration', () => {
    expect(contentSecurityPolicy(DEFAULT_CONFIG)).toBe(DEFAULT_POLICY)
    expect(policyOf({ baseMap: { type: 'demo' } })).toBe(DEFAULT_POLICY)
  })

  it('is the policy index.html carries before the build rewrites it', () => {
    // so that a page served without vite's plugin is no less strict
    const html = readFileSync('index.html', 'utf8')
    const tags = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/gi)]
    expect(tags.map((m) => m[1])).toEqual([DEFAULT_POLICY])
  })

  it('never allows inline or eval scripts', () => {
    const script = directives(DEFAULT_POLICY).get('script-src')
    expect(script).toEqual(["'self'"])
  })

  it('adds nothing for relative URLs', () => {
    expect(policyOf({
      baseMap: { type: 'raster', tiles: ['/tiles/{z}/{x}/{y}.png', 'tiles/{z}/{x}/{y}.png'] },
      refresh: { url: '/live/incidents.csv', intervalS: 60 },
      live: { url: '/live/incidents', kind: 'sse' },
    })).toBe(DEFAULT_POLICY)
    expect(policyOf({ baseMap: { type: 'pmtiles', url: '/tiles/weifang.pmtiles' } })).toBe(DEFAULT_POLICY)
  })

  it('adds a raster tile server to connect-src and img-src, once per origin', () => {
    const d = directives(policyOf({
      baseMap: { type: 'raster', tiles: ['https://Tiles.Example.cn:8443/a/{z}/{x}/{y}.png', 'https://tiles.example.cn:8443/b/{z}/{x}/{y}.png?k=1'] },
    }))
    expect(d.get('connect-src')).toEqual(["'self'", 'https://tiles.example.cn:8443'])
    expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'https://tiles.example.cn:8443'])
    expect(d.get('script-src')).toEqual(["'self'"])
  })

  it('adds a PMTiles archive origin to connect-src only', () => {
    const d = directives(policyOf({ baseMap: { type: 'pmtiles', url: 'http://10.2.3.4:8080/tiles/weifang.pmtiles' } }))
    expect(d.get('connect-src')).toEqual(["'self'", 'http://10.2.3.4:8080'])
    expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:'])
  })

  it('adds the refresh and live-feed origins to connect-src', () => {
    const d = directives(policyOf({
      baseMap: { type: 'demo' },
      refresh: { url: 'https://feed.police.local/incidents.csv', intervalS: 30 },
      live: { url: 'https://feed.police.local:9443/stream', kind: 'sse' },
    }))
    expect(d.get('connect-src')).toEqual(["'self'", 'https://feed.police.local', 'https://feed.police.local:9443'])
  })

  it('adds a WebSocket feed as the ws(s) origin the client opens', () => {
    expect(directives(policyOf({ baseMap: { type: 'demo' }, live: { url: 'wss://feed.local/ws', kind: 'websocket' } })).get('connect-src'))
      .toEqual(["'self'", 'wss://feed.local'])
    // src/stores/live.ts turns an http(s) URL into ws(s)
    expect(directives(policyOf({ baseMap: { type: 'demo' }, live: { url: 'https://feed.local:8443/ws', kind: 'websocket' } })).get('connect-src'))
      .toEqual(["'self'", 'wss://feed.local:8443'])
    expect(directives(policyOf({ baseMap: { type: 'demo' }, live: { url: 'http://feed.local/ws', kind: 'websocket' } })).get('connect-src'))
      .toEqual(["'self'", 'ws://feed.local'])
  })

  it('drops default ports and path, keeps IPv6 hosts', () => {
    expect(cleanOrigin('https://a.example:443/x')).toBe('https://a.example')
    expect(cleanOrigin('http://[::1]:8080/x')).toBe('http://[::1]:8080')
    expect(cleanOrigin('https://user:pw@a.example/x')).toBe('https://a.example')
  })
})

describe('contentSecurityPolicy refuses injection', () => {
  const hostile = [
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'blob:https://a.example/1',
    '*',
    'https://*',
    'https://*.example.com/{z}/{x}/{y}.png',
    "https://a.example'/x",
    "'unsafe-inline'",
    "https://a.example; script-src 'unsafe-eval'",
    'https://a.example;script-src *',
    'https://a .example/x',
    'https://{s}.tiles.example/{z}/{x}/{y}.png',
    '//evil.example/tiles/{z}/{x}/{y}.png',
    'ftp://a.example/x',
    'file:///etc/passwd',
    'https://a.example%3B/x',
    'https://a.example\n/x',
    'https:// a.example',
  ]

  it.each(hostile)('adds nothing for %j in any configured URL', (url) => {
    const configs: AppConfig[] = [
      { baseMap: { type: 'raster', tiles: [url] } },
      { baseMap: { type: 'pmtiles', url } },
      { baseMap: { type: 'demo' }, refresh: { url, intervalS: 60 } },
      { baseMap: { type: 'demo' }, live: { url, kind: 'sse' } },
      { baseMap: { type: 'demo' }, live: { url, kind: 'websocket' } },
    ]
    for (const c of configs) expect(contentSecurityPolicy(c)).toBe(DEFAULT_POLICY)
  })

  it('lets only clean scheme://host[:port] sources through, whatever the URL', () => {
    const source = /^(https?|wss?):\/\/([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/
    const urls = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.tuple(fc.constantFrom('http://', 'https://', 'ws://', 'wss://', 'javascript:', 'data:', '//', ''), fc.string({ unit: 'binary', maxLength: 40 }))
        .map(([a, b]) => a + b),
      fc.webUrl(),
    )
    fc.assert(fc.property(urls, (url) => {
      const policy = contentSecurityPolicy({ baseMap: { type: 'raster', tiles: [url] }, live: { url, kind: 'websocket' } })
      const d = directives(policy)
      expect([...d.keys()]).toEqual([...directives(DEFAULT_POLICY).keys()])
      for (const [name, sources] of d) {
        const base = directives(DEFAULT_POLICY).get(name)!
        expect(sources.slice(0, base.length)).toEqual(base)
        for (const s of sources.slice(base.length)) expect(s).toMatch(source)
      }
    }))
  })
})

describe('live units feed', () => {
  it('its origin joins connect-src when it is on another origin', () => {
    const d = directives(contentSecurityPolicy({ ...DEFAULT_CONFIG, live: { url: '/live/incidents', kind: 'sse', units: 'https://gps.example.cn/units' } }))
    expect(d.get('connect-src')).toEqual(["'self'", 'https://gps.example.cn'])
  })
})
