import { describe, expect, it } from 'vitest'
import { nextPlanName, patchCamera, withFreeId } from '../../../src/core/plan-edits'
import type { PlanCamera } from '../../../src/core/plan-cameras'
import { newRecordId } from '../../../src/core/record-id'

const cam = (id: string, azimuth = 0): PlanCamera => ({ id, lon: 119, lat: 36.7, type: 'bullet', azimuth, fov: 60, range: 50, source: 'hand' })

describe('plan edits', () => {
  it('applies a patch and keeps the azimuth in [0, 360)', () => {
    expect(patchCamera(cam('P-001', 10), { lon: 119.5 })).toEqual({ ...cam('P-001', 10), lon: 119.5 })
    expect(patchCamera(cam('P-001', 10), { azimuth: 370 }).azimuth).toBe(10)
    expect(patchCamera(cam('P-001', 10), { azimuth: -90 }).azimuth).toBe(270)
    expect(patchCamera(cam('P-001', 350), {}).azimuth).toBe(350)
  })

  it('gives an accepted suggestion the first free id when its own was taken since', () => {
    const plan = [cam('P-001'), cam('P-002'), cam('P-004')]
    expect(withFreeId(cam('P-003'), plan).id).toBe('P-003')
    expect(withFreeId(cam('P-002'), plan).id).toBe('P-003')
    expect(withFreeId(cam('P-001'), [cam('P-001'), cam('P-002'), cam('P-003')]).id).toBe('P-004')
  })

  it('numbers a new plan after the existing ones, skipping names in use', () => {
    expect(nextPlanName([], '方案')).toBe('方案 1')
    expect(nextPlanName(['方案 1', 'mine'], '方案')).toBe('方案 3')
    expect(nextPlanName(['Plan 2', 'Plan 3'], 'Plan')).toBe('Plan 4')
  })

  it('makes record ids of prefix, time and randomness', () => {
    expect(newRecordId('plan', 36 ** 3, 0.5)).toBe('plan-1000-i')
    expect(newRecordId('s', 0, 0.123456789)).toMatch(/^s-0-[0-9a-z]{5}$/)
    expect(newRecordId('s')).not.toBe(newRecordId('s'))
  })
})
