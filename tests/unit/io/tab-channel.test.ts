import { afterEach, expect, it, vi } from 'vitest'
import { openTabChannel } from '../../../src/io/tab-channel'

afterEach(() => void vi.unstubAllGlobals())

it('carries a message to the other tabs of the channel, not to itself, and drops it once closed', async () => {
  const heard: string[] = []
  const a = openTabChannel<{ id: string }>('t-1', (m) => heard.push(`a:${m.id}`))
  const b = openTabChannel<{ id: string }>('t-1', (m) => heard.push(`b:${m.id}`))
  const other = openTabChannel<{ id: string }>('t-2', (m) => heard.push(`other:${m.id}`))
  a.post({ id: 'x' })
  await vi.waitFor(() => expect(heard).toEqual(['b:x']))
  a.close()
  expect(() => a.post({ id: 'y' })).not.toThrow()
  b.close()
  other.close()
})

it('is silent where the browser has no BroadcastChannel', () => {
  vi.stubGlobal('BroadcastChannel', undefined)
  const c = openTabChannel('t-3', () => {
    throw new Error('never called')
  })
  expect(() => c.post({})).not.toThrow()
  c.close()
})
