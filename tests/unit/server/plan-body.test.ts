/** The server keeps a plan's suggestions with it, checked with the app's own rules. */
import { describe, expect, it } from 'vitest'
import { newPlanCamera } from '../../../src/core/plan-cameras'
import { plainSuggestions, rankSuggestions } from '../../../src/core/plan-suggestions'
import { planBody } from '../../../src/server/plan-routes'

const cam = newPlanCamera(119.2, 36.7, 'bullet', [])
const sug = plainSuggestions(rankSuggestions([{ camera: { ...cam, id: 'S-1', source: 'suggested' }, gain: 4, newlyCovered: 2 }]))
const at = '2026-12-07T01:00:00.000Z'

describe('plan body: suggestions', () => {
  it('keeps the suggestions a seat sends, and none when it sends none', () => {
    expect(planBody({ name: 'A', plan: { createdAt: at, updatedAt: at, cameras: [cam], suggestions: sug } }).plan.suggestions).toEqual(sug)
    expect(planBody({ name: 'A', plan: { createdAt: at, updatedAt: at, cameras: [cam] } }).plan).not.toHaveProperty('suggestions')
    expect(planBody({ name: 'A', plan: { createdAt: at, updatedAt: at, cameras: [cam], suggestions: [] } }).plan).not.toHaveProperty('suggestions')
  })

  it('refuses a bad suggestion, naming it', () => {
    const bad = [{ ...sug[0], status: 'maybe' }]
    expect(() => planBody({ name: 'A', plan: { createdAt: at, updatedAt: at, cameras: [cam], suggestions: bad } }))
      .toThrow(/plan\.suggestion 1: status must be one of/)
    expect(() => planBody({ name: 'A', plan: { createdAt: at, updatedAt: at, cameras: [cam], suggestions: 'x' } })).toThrow(/plan\.suggestions: an array/)
  })
})
