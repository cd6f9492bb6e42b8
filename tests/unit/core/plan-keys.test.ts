import { describe, expect, it } from 'vitest'
import { ownsEscape, planKeyAction, type PlanKeyPress, type PlanKeyState } from '../../../src/core/plan-keys'

const press = (key: string, over: Partial<PlanKeyPress> = {}): PlanKeyPress => ({ key, ctrl: false, shift: false, handled: false, typing: false, ownsEscape: false, ...over })
const adding: PlanKeyState = { planShown: true, adding: true, hasSelection: false }

describe('planner keys', () => {
  it('ends the add tool on Escape wherever the focus is, a text field included', () => {
    expect(planKeyAction(press('Escape'), adding)).toBe('endAdd')
    expect(planKeyAction(press('Escape', { typing: true }), adding)).toBe('endAdd')
    // the plan layer hidden meanwhile: still adding, still ends
    expect(planKeyAction(press('Escape', { typing: true }), { ...adding, planShown: false })).toBe('endAdd')
  })

  it('leaves Escape to an element that uses it (a search field, one that handled it)', () => {
    expect(planKeyAction(press('Escape', { typing: true, ownsEscape: true }), adding)).toBeNull()
    expect(planKeyAction(press('Escape', { handled: true }), adding)).toBeNull()
    expect(planKeyAction(press('Escape'), { ...adding, adding: false })).toBeNull()
    // a closed select (the camera type just picked) leaves Escape to the planner
    expect(ownsEscape('SELECT', null, false)).toBe(false)
    expect(ownsEscape('INPUT', 'search', false)).toBe(true)
    expect(ownsEscape('INPUT', 'number', false)).toBe(false)
    expect(ownsEscape('INPUT', null, false)).toBe(false)
    expect(ownsEscape('DIV', null, true)).toBe(true)
  })

  it('keeps undo, redo and delete away from a field being typed in', () => {
    const sel: PlanKeyState = { planShown: true, adding: false, hasSelection: true }
    expect(planKeyAction(press('z', { ctrl: true }), sel)).toBe('undo')
    expect(planKeyAction(press('Z', { ctrl: true, shift: true }), sel)).toBe('redo')
    expect(planKeyAction(press('y', { ctrl: true }), sel)).toBe('redo')
    expect(planKeyAction(press('Delete'), sel)).toBe('delete')
    expect(planKeyAction(press('Backspace', { typing: true }), sel)).toBeNull()
    expect(planKeyAction(press('z', { ctrl: true, typing: true }), sel)).toBeNull()
    expect(planKeyAction(press('Delete'), { ...sel, hasSelection: false })).toBeNull()
    expect(planKeyAction(press('z', { ctrl: true }), { ...sel, planShown: false })).toBeNull()
  })
})
