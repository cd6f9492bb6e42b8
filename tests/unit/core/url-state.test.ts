import { describe, expect, it } from 'vitest'
import { defaultView, parseViewState, serializeViewState } from '../../../src/core/url-state'

const fallback = defaultView([119.1, 36.71], 12)

describe('url state', () => {
  it('round-trips a view through the query string', () => {
    const view = { center: [119.123456, 36.7123] as [number, number], zoom: 13.257, layers: ['cameras', 'streets'] as const, lang: 'en' as const }
    const search = serializeViewState({ ...view, layers: [...view.layers] })
    expect(search).toBe('c=119.12346,36.7123&z=13.26&l=streets,cameras&lang=en')
    expect(parseViewState(search, fallback)).toEqual({
      center: [119.12346, 36.7123], zoom: 13.26, layers: ['streets', 'cameras'], lang: 'en',
    })
  })

  it('keeps unrelated parameters such as mode=wall', () => {
    expect(serializeViewState(fallback, 'mode=wall')).toMatch(/^mode=wall&c=/)
  })

  it('falls back field by field on malformed input', () => {
    const v = parseViewState('c=abc,1&z=99&l=streets,bogus,<script>&lang=fr', fallback)
    expect(v.center).toEqual(fallback.center)
    expect(v.zoom).toBe(12)
    expect(v.layers).toEqual(['streets'])
    expect(v.lang).toBe('zh-CN')
  })

  it('an empty layer list means all layers off, a missing one means defaults', () => {
    expect(parseViewState('l=', fallback).layers).toEqual([])
    expect(parseViewState('', fallback).layers).toEqual(fallback.layers)
  })

  it('rejects out-of-range centres', () => {
    expect(parseViewState('c=200,10', fallback).center).toEqual(fallback.center)
    expect(parseViewState('c=119,89', fallback).center).toEqual(fallback.center)
  })
})
