import { describe, expect, it } from 'vitest'
import { clampSideWidth, expandedAfter, initialExpanded, presentPanels, SIDE_WIDTH_MAX, SIDE_WIDTH_MIN } from '../../../src/core/side-panels'

describe('presentPanels', () => {
  it('always holds the ranking and adds each panel whose layers are on, in the column order', () => {
    expect(presentPanels([])).toEqual(['safety'])
    expect(presentPanels(['streets', 'plan', 'gaps'])).toEqual(['safety', 'coverage', 'plan'])
    expect(presentPanels(['isochrones', 'repeatPlaces'])).toEqual(['safety', 'patrol', 'crime'])
    expect(presentPanels(['units', 'coverage'])).toEqual(['safety', 'coverage', 'units'])
  })
})

describe('initialExpanded', () => {
  it('reopens the remembered panel when it is there', () => {
    expect(initialExpanded('coverage', ['safety', 'coverage', 'plan'])).toBe('coverage')
  })
  it('keeps everything collapsed when the user left it so', () => {
    expect(initialExpanded('none', ['safety', 'plan'])).toBeNull()
  })
  it('opens the most specific task when nothing or an absent panel is remembered', () => {
    expect(initialExpanded(null, ['safety', 'coverage', 'plan'])).toBe('plan')
    expect(initialExpanded('crime', ['safety', 'coverage'])).toBe('coverage')
    expect(initialExpanded(null, ['safety'])).toBe('safety')
    // the dispatch list is a task of the moment: before the analyses, after the planner
    expect(initialExpanded(null, ['safety', 'crime', 'units'])).toBe('units')
    expect(initialExpanded(null, ['safety', 'plan', 'units'])).toBe('plan')
  })
})

describe('expandedAfter', () => {
  it('opens a panel that just arrived, collapsing the one that was open', () => {
    expect(expandedAfter('safety', ['safety'], ['safety', 'coverage'])).toBe('coverage')
    expect(expandedAfter(null, ['safety'], ['safety', 'patrol'])).toBe('patrol')
  })
  it('keeps the user choice when a panel left that was not open', () => {
    expect(expandedAfter('safety', ['safety', 'coverage'], ['safety'])).toBe('safety')
    expect(expandedAfter(null, ['safety', 'coverage'], ['safety'])).toBeNull()
  })
  it('hands over to the most specific remaining panel when the open one left', () => {
    expect(expandedAfter('plan', ['safety', 'coverage', 'plan'], ['safety', 'coverage'])).toBe('coverage')
    expect(expandedAfter('coverage', ['safety', 'coverage'], ['safety'])).toBe('safety')
  })
  it('does nothing when the panels did not change', () => {
    expect(expandedAfter('coverage', ['safety', 'coverage', 'plan'], ['safety', 'coverage', 'plan'])).toBe('coverage')
  })
})

describe('clampSideWidth', () => {
  it('keeps a width within the bounds on a wide window', () => {
    expect(clampSideWidth(600, 2560)).toBe(600)
    expect(clampSideWidth(100, 2560)).toBe(SIDE_WIDTH_MIN)
    expect(clampSideWidth(5000, 2560)).toBe(SIDE_WIDTH_MAX)
  })
  it('leaves the timeline its least width on a small window', () => {
    // 1366 − (384 + 288 + 16 + 56) = 622
    expect(clampSideWidth(900, 1366)).toBe(622)
    expect(clampSideWidth(500, 1366)).toBe(500)
  })
  it('never goes under the least width, even on a window too small for both', () => {
    expect(clampSideWidth(500, 800)).toBe(SIDE_WIDTH_MIN)
  })
  it('reads a width that is not a number as the default', () => {
    expect(clampSideWidth(Number.NaN, 1920)).toBe(544)
  })
})
