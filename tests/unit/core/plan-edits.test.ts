import { describe, expect, it } from 'vitest'
import { nextPlanName, planNameIn } from '../../../src/core/plan-edits'

describe('plan names', () => {
  it('reads a default name in the UI language', () => {
    expect(planNameIn('方案 1', 'en')).toBe('Plan 1')
    expect(planNameIn('Plan 12', 'zh-CN')).toBe('方案 12')
    expect(planNameIn('方案 3', 'zh-CN')).toBe('方案 3')
  })

  it('keeps a name someone typed', () => {
    expect(planNameIn('西关补点方案 1', 'en')).toBe('西关补点方案 1')
    expect(planNameIn('Plan B', 'zh-CN')).toBe('Plan B')
    expect(planNameIn('方案 1 改', 'en')).toBe('方案 1 改')
  })

  it('numbers a new plan after the existing ones', () => {
    expect(nextPlanName(['方案 1', '方案 3'], '方案')).toBe('方案 4')
    expect(nextPlanName(['Plan 2'], 'Plan')).toBe('Plan 3')
  })
})
