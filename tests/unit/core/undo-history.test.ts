import { describe, expect, it } from 'vitest'
import { emptyHistory, recordEdit, redoEdit, undoEdit } from '../../../src/core/undo-history'

describe('undo history', () => {
  it('undoes and redoes edits in order, and an edit after an undo drops the redo branch', () => {
    // states: a → b → c; undo twice gives a; redo gives b; a new edit d from b drops c
    let h = recordEdit(emptyHistory<string>(), 'a')
    h = recordEdit(h, 'b')
    let cur = 'c'
    const u1 = undoEdit(h, cur)!
    expect(u1.state).toBe('b')
    const u2 = undoEdit(u1.history, u1.state)!
    expect(u2.state).toBe('a')
    expect(undoEdit(u2.history, u2.state)).toBeNull()
    const r1 = redoEdit(u2.history, u2.state)!
    expect(r1.state).toBe('b')
    h = recordEdit(r1.history, r1.state)
    cur = 'd'
    expect(h.future).toEqual([])
    expect(redoEdit(h, cur)).toBeNull()
    expect(undoEdit(h, cur)!.state).toBe('b')
  })

  it('keeps at most `limit` undo steps, dropping the oldest', () => {
    let h = emptyHistory<number>()
    for (let i = 0; i < 5; i++) h = recordEdit(h, i, 3)
    expect(h.past).toEqual([2, 3, 4])
  })
})
