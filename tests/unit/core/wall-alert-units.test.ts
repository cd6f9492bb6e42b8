import { describe, expect, it } from 'vitest'
import { etaMinutes, unitsTimeForAlert } from '../../../src/core/wall-alert-units'

// 2024-05-10 00:00 and 23:59:59 Asia/Shanghai (UTC+8), written out by hand
const DAY = Date.UTC(2024, 4, 9, 16, 0, 0)
const span: [number, number] = [DAY + 5 * 60_000, DAY + 86_400_000 - 1000]

describe('unitsTimeForAlert', () => {
  it('uses the alert time inside the units’ span', () => {
    const t = DAY + 14 * 3_600_000
    expect(unitsTimeForAlert(t, span)).toBe(t)
    expect(unitsTimeForAlert(span[0], span)).toBe(span[0])
    expect(unitsTimeForAlert(span[1], span)).toBe(span[1])
  })

  it('moves a later day’s alert to the same local time of day', () => {
    // 2024-05-12 03:20 local → 2024-05-10 03:20 local
    const alert = Date.UTC(2024, 4, 11, 19, 20, 0)
    expect(unitsTimeForAlert(alert, span)).toBe(DAY + 3 * 3_600_000 + 20 * 60_000)
    // an earlier day too: 2024-05-01 22:00 local
    expect(unitsTimeForAlert(Date.UTC(2024, 4, 1, 14, 0, 0), span)).toBe(DAY + 22 * 3_600_000)
  })

  it('holds a time of day the tracks do not cover within the span', () => {
    // 00:01 local the next day: before the first fix at 00:05
    expect(unitsTimeForAlert(DAY + 86_400_000 + 60_000, span)).toBe(span[0])
    // 23:59:59.5 the next day: after the last fix
    expect(unitsTimeForAlert(DAY + 2 * 86_400_000 - 500, span)).toBe(span[1])
  })
})

describe('etaMinutes', () => {
  it('rounds to whole minutes, at least one', () => {
    expect(etaMinutes(479)).toBe(8)
    expect(etaMinutes(509)).toBe(8)
    expect(etaMinutes(510)).toBe(9)
    expect(etaMinutes(12)).toBe(1)
    expect(etaMinutes(0)).toBe(1)
  })
  it('says nothing for an unreachable unit', () => {
    expect(etaMinutes(Infinity)).toBeNull()
  })
})
