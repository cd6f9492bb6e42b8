import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { boxesOverlap, placeLabels } from '../../../src/core/label-placement'

const one = (priority: number, ...boxes: number[]) => ({ boxes, priority })

describe('placeLabels', () => {
  it('drops the lower-priority one of two crossing labels, keeps labels that only touch', () => {
    // a station name (priority 1) over a street name (priority 2); a third label touching the street's right edge
    expect([...placeLabels([one(2, 100, 100, 200, 120), one(1, 90, 110, 150, 130), one(2, 200, 100, 260, 120)])]).toEqual([0, -1, 0])
    // equal priority: the first given wins
    expect([...placeLabels([one(1, 0, 0, 10, 10), one(1, 5, 5, 15, 15)])]).toEqual([0, -1])
    expect([...placeLabels([one(1, 0, 0, 10, 10), one(3, 5, 5, 15, 15)])]).toEqual([-1, 0])
  })

  it('a label whose first place is taken moves to its next free one', () => {
    // a station dot (always drawn) on the street name's centre; the name's second place is below it
    const dot = one(Infinity, 45, 5, 55, 15)
    const street = one(2, 20, 0, 80, 20, 20, 20, 80, 40)
    expect([...placeLabels([street, dot])]).toEqual([1, 0])
    // no free place: left out
    expect([...placeLabels([one(2, 20, 0, 80, 20, 20, 10, 80, 30), dot])]).toEqual([-1, 0])
  })

  it('a label left out hides nothing (only placed labels count)', () => {
    // A (3) hides B (2); C (1) overlaps only B, so C is drawn
    expect([...placeLabels([one(3, 0, 0, 10, 10), one(2, 8, 0, 18, 10), one(1, 16, 0, 26, 10)])]).toEqual([0, -1, 0])
  })

  it('skips places off screen (NaN)', () => {
    expect([...placeLabels([one(9, NaN, NaN, NaN, NaN, 0, 0, 5, 5), one(1, NaN, NaN, NaN, NaN)])]).toEqual([1, -1])
  })

  it('no two placed boxes overlap, and a label left out overlaps, at each of its places, one placed before it (brute force)', () => {
    const box = fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 30 }))
    fc.assert(fc.property(fc.array(fc.tuple(fc.array(box, { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 3 })), { maxLength: 30 }), (spec) => {
      const labels = spec.map(([bs, priority]) => ({ boxes: bs.flatMap(([x, y, w, h]) => [x, y, x + w, y + h]), priority }))
      const taken = placeLabels(labels)
      const at = (i: number, k: number) => labels[i].boxes.slice(4 * k, 4 * k + 4)
      const before = (j: number, i: number) => labels[j].priority > labels[i].priority || (labels[j].priority === labels[i].priority && j < i)
      for (let i = 0; i < labels.length; i++) {
        for (let j = i + 1; j < labels.length; j++) if (taken[i] >= 0 && taken[j] >= 0) expect(boxesOverlap(at(i, taken[i]), at(j, taken[j]))).toBe(false)
        for (let k = 0; k < (taken[i] < 0 ? labels[i].boxes.length / 4 : taken[i]); k++) {
          expect(labels.some((_, j) => taken[j] >= 0 && before(j, i) && boxesOverlap(at(i, k), at(j, taken[j])))).toBe(true)
        }
      }
    }))
  })
})
