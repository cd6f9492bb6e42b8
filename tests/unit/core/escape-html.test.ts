import { describe, expect, it } from 'vitest'
import { escapeHtml } from '../../../src/core/escape-html'

describe('escapeHtml', () => {
  it('turns markup from data into inert text', () => {
    expect(escapeHtml('<img src=x onerror="alert(1)">')).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;')
    expect(escapeHtml("和平里 & 'A'")).toBe('和平里 &amp; &#39;A&#39;')
  })
  it('stringifies null and numbers', () => {
    expect(escapeHtml(null)).toBe('')
    expect(escapeHtml(12)).toBe('12')
  })
})
