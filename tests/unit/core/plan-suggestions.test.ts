import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import '../fast-check-seed'
import { newPlanCamera } from '../../../src/core/plan-cameras'
import { pendingSuggestionLabels, plainSuggestions, rankSuggestions, readSuggestions, type Suggestion } from '../../../src/core/plan-suggestions'

const cam = (k: number) => ({ ...newPlanCamera(119.1 + k * 1e-3, 36.7, 'bullet', [], 30 * k), id: `S-${k}`, source: 'suggested' as const })
const four = (): Suggestion[] => rankSuggestions([10, 8, 5, 2].map((gain, k) => ({ camera: cam(k), gain, newlyCovered: gain, status: 'pending' })))

describe('plan suggestions: one numbering', () => {
  it('keeps the list numbers on the map after #1 is accepted and #3 rejected', () => {
    const list = four()
    expect(list.map((s) => s.rank)).toEqual([1, 2, 3, 4])
    list[0].status = 'accepted'
    // the map used to say 1, 2, 3 here while the list said #2, #3, #4
    expect(pendingSuggestionLabels(list).map((x) => [x.label, x.camera.id])).toEqual([['2', 'S-1'], ['3', 'S-2'], ['4', 'S-3']])
    list[2].status = 'rejected'
    expect(pendingSuggestionLabels(list).map((x) => [x.label, x.camera.id])).toEqual([['2', 'S-1'], ['4', 'S-3']])
  })

  it('labels each pending suggestion with its own rank, whatever the decisions (property)', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('pending', 'accepted', 'rejected'), { minLength: 0, maxLength: 30 }), (statuses) => {
      const list = rankSuggestions(statuses.map((_, k) => ({ camera: cam(k), gain: 1, newlyCovered: 1 })))
      statuses.forEach((s, k) => (list[k].status = s as Suggestion['status']))
      const labels = pendingSuggestionLabels(list)
      expect(labels.length).toBe(statuses.filter((s) => s === 'pending').length)
      for (const l of labels) expect(l.camera.id).toBe(`S-${Number(l.label) - 1}`)
    }))
  })
})

describe('plan suggestions: read back', () => {
  it('round-trips through JSON as the same list', () => {
    const list = four()
    list[0].status = 'accepted'
    const back = readSuggestions(JSON.parse(JSON.stringify(plainSuggestions(list))))
    expect(back.errors).toEqual([])
    expect(back.suggestions).toEqual(list)
  })

  it('drops a bad row alone, naming it, without giving its rank to another', () => {
    const raw = plainSuggestions(four()) as unknown as Record<string, unknown>[]
    raw[1] = { ...raw[1], status: 'maybe' }
    raw[2] = { ...raw[2], camera: { ...(raw[2].camera as object), fov: 0 } }
    const { suggestions, errors } = readSuggestions(raw)
    expect(suggestions.map((s) => s.rank)).toEqual([1, 4])
    expect(errors).toHaveLength(2)
    expect(errors[0]).toMatch(/^suggestion 2: status must be one of pending, accepted, rejected \(got maybe\)/)
    expect(errors[1]).toMatch(/^suggestion 3: plan camera S-2: fov/)
  })

  it('refuses duplicate ranks and reads a missing list (an older plan) as none', () => {
    const raw = plainSuggestions(four())
    raw[3].rank = 1
    expect(readSuggestions(raw).errors).toEqual(['suggestion 4: rank must be a unique whole number ≥ 1 (got 1)'])
    expect(readSuggestions(undefined)).toEqual({ suggestions: [], errors: [] })
  })
})
