import { afterEach, describe, expect, it, vi } from 'vitest'
import { probeServer, ServerError, serverLogin } from '../../../src/io/server-api'

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } })
const html = (status: number) => new Response('<!doctype html><title>平安地图</title>', { status, headers: { 'content-type': 'text/html' } })

function answer(res: Response | Error) {
  const calls: string[] = []
  vi.stubGlobal('fetch', async (url: string) => {
    calls.push(url)
    if (res instanceof Error) throw res
    return res
  })
  return calls
}

afterEach(() => vi.unstubAllGlobals())

describe('probeServer: is the page served by the command centre server?', () => {
  it('asks only /api/me under the page base', async () => {
    const calls = answer(json(401, { error: 'login required' }))
    expect(await probeServer('/')).toEqual({ mode: 'login' })
    expect(calls).toEqual(['/api/me'])
  })

  it('a signed-in session gives the user', async () => {
    answer(json(200, { name: 'admin', role: 'admin' }))
    expect(await probeServer('./')).toEqual({ mode: 'in', user: { name: 'admin', role: 'admin' } })
  })

  // vite dev and preview answer unknown paths with the page (200) or 404; a static host with 404
  it.each([
    ['the page itself (SPA fallback)', () => html(200)],
    ['a 404 page', () => html(404)],
    ['a JSON 404 of some other server', () => json(404, { error: 'not found' })],
    ['a JSON 200 that is not a user', () => json(200, { hello: 'world' })],
    ['a user with a role the app does not know', () => json(200, { name: 'x', role: 'root' })],
    ['no network', () => new TypeError('Failed to fetch')],
  ])('%s: the browser-only app', async (_, res) => {
    answer(res())
    expect(await probeServer('/')).toEqual({ mode: 'none' })
  })
})

describe('serverLogin', () => {
  it.each([[401, 'wrong name or password'], [429, 'Rate limit exceeded, retry in 1 minute']])('HTTP %i: a ServerError with the status and the server\'s message', async (status, message) => {
    answer(json(status, { error: message }))
    const err = await serverLogin('/', 'admin', 'x').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ServerError)
    expect((err as ServerError).status).toBe(status)
    expect((err as ServerError).message).toBe(message)
  })
})
