import { describe, expect, it } from 'vitest'
import { createSaveQueue, type SaveState } from '../../../src/io/save-queue'

class Conflict extends Error {}

/** A store whose writes wait until the test lets them finish, recording what each one wrote. */
function harness() {
  const state = new Map<string, number>() // the records in memory: a version number per key
  const committed: [string, number][] = []
  const waiting: { resolve: () => void; reject: (e: unknown) => void }[] = []
  const states: SaveState[] = []
  const q = createSaveQueue<string>({
    write: (key) => {
      const v = state.get(key) ?? 0 // taken when the write starts, like the stores do
      return new Promise<void>((resolve, reject) => {
        waiting.push({ resolve: () => { committed.push([key, v]); resolve() }, reject })
      })
    },
    isConflict: (e) => e instanceof Conflict,
    onChange: (x) => states.push(x.state),
  })
  const tick = () => new Promise((r) => setTimeout(r, 0))
  const edit = (key: string) => {
    state.set(key, (state.get(key) ?? 0) + 1)
    q.mark(key)
  }
  return { q, state, committed, waiting, states, tick, edit }
}

describe('save-queue', () => {
  it('writes one at a time, coalesces edits made during a write, and says saved only after the last one', async () => {
    const h = harness()
    h.edit('a')
    await h.tick()
    expect(h.waiting).toHaveLength(1)
    expect(h.q.state).toBe('saving')
    h.edit('a')
    h.edit('a')
    h.edit('a')
    await h.tick()
    expect(h.waiting).toHaveLength(1) // still one write in flight
    h.waiting.shift()!.resolve()
    await h.tick()
    expect(h.q.state).toBe('saving') // the edits made meanwhile are not written yet
    expect(h.q.unwritten('a')).toBe(true)
    expect(h.waiting).toHaveLength(1)
    h.waiting.shift()!.resolve()
    await h.q.idle()
    expect(h.committed).toEqual([['a', 1], ['a', 4]])
    expect(h.q.state).toBe('saved')
    expect(h.q.anyUnwritten()).toBe(false)
    expect(h.states).not.toContain('error')
  })

  it('a failed write keeps the edit unwritten; the retry writes the latest state', async () => {
    const h = harness()
    h.edit('a')
    await h.tick()
    h.edit('a') // made while the failing write is in flight
    h.waiting.shift()!.reject(new DOMException('full', 'QuotaExceededError'))
    await h.q.idle()
    expect(h.q.state).toBe('error')
    expect((h.q.error as DOMException).name).toBe('QuotaExceededError')
    expect(h.q.unwritten('a')).toBe(true)
    expect(h.waiting).toHaveLength(0) // paused: nothing written behind the user's back
    h.q.retry()
    await h.tick()
    h.waiting.shift()!.resolve()
    await h.q.idle()
    expect(h.committed).toEqual([['a', 2]])
    expect(h.q.state).toBe('saved')
  })

  it('after an error, the next edit resumes writing', async () => {
    const h = harness()
    h.edit('a')
    await h.tick()
    h.waiting.shift()!.reject(new Error('disk'))
    await h.q.idle()
    expect(h.q.state).toBe('error')
    h.edit('b')
    await h.tick()
    h.waiting.shift()!.resolve()
    await h.tick()
    h.waiting.shift()!.resolve()
    await h.q.idle()
    expect(h.committed.map(([k]) => k).sort()).toEqual(['a', 'b'])
    expect(h.q.state).toBe('saved')
  })

  it('a conflict blocks only its record until resolved', async () => {
    const h = harness()
    h.edit('a')
    await h.tick()
    h.waiting.shift()!.reject(new Conflict())
    await h.tick()
    expect(h.q.state).toBe('conflict')
    h.edit('b')
    await h.tick()
    h.waiting.shift()!.resolve()
    await h.q.idle()
    expect(h.committed).toEqual([['b', 1]])
    expect(h.q.state).toBe('conflict')
    expect(h.q.unwritten('a')).toBe(true)
    h.q.resolve('a')
    expect(h.q.state).toBe('saved')
    expect(h.q.anyUnwritten()).toBe(false)
  })

  it('exclusive work runs between writes, never during one', async () => {
    const h = harness()
    const order: string[] = []
    h.edit('a')
    await h.tick()
    const ex = h.q.exclusive(async () => {
      order.push(`exclusive after ${h.committed.length} writes`)
    })
    await h.tick()
    expect(order).toEqual([])
    h.waiting.shift()!.resolve()
    await ex
    expect(order).toEqual(['exclusive after 1 writes'])
  })
})
