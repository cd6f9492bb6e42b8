/**
 * What the seats' polling of the shared scenes and plans costs the server
 * (src/io/list-poller.ts, SEAT_POLL_MS): over real HTTP on a throw-away cluster, the time of
 * one poll answered 304 (nothing changed) and of one answered 200 with the list (20 scenes),
 * medians of 300 each; then `SEATS` seats polling both lists every second for 10 s, as the app
 * does, and how long a scene saved at a desk takes to reach every one of them.
 *   npx tsx tests/bench/seats-poll.ts [SEATS=50]
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createUser, grantDistrict } from '../../src/server/accounts'
import { asOwner } from '../../src/server/db'
import { startServer } from '../../src/server/server'
import { SEAT_POLL_MS } from '../../src/io/list-poller'

const SEATS = Number(process.argv[2] ?? 50)
const dir = mkdtempSync(join(tmpdir(), 'pingan-bench-seats-'))
chmodSync(dir, 0o755)
const server = await startServer({ port: 0, dataDir: join(dir, 'pg'), env: { PINGAN_ADMIN_PASSWORD: 'bench-admin-password' }, log: () => {} })
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]

try {
  await asOwner(server.db, async (c) => {
    await createUser(c, 'wall', 'viewer', 'wall-password')
    await createUser(c, 'desk', 'analyst', 'desk-password')
    for (const u of ['wall', 'desk']) await grantDistrict(c, u, 'demo')
  })
  const signIn = async (name: string) => {
    const r = await fetch(new URL('/api/login', server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password: `${name}-password` }) })
    return r.headers.get('set-cookie')!.split(';')[0]
  }
  const wall = await signIn('wall'), desk = await signIn('desk')
  const { id: district } = ((await (await fetch(new URL('/api/districts', server.url), { headers: { cookie: wall } })).json()) as { id: number }[])[0]
  const scenesUrl = new URL(`/api/districts/${district}/scenes`, server.url)
  const plansUrl = new URL(`/api/districts/${district}/plans`, server.url)
  const scene = (i: number) => ({ id: `s${i}`, title: `场景 ${i}`, center: [119.1, 36.7], zoom: 13, layers: ['incidents', 'streets'], filter: {}, durationS: 30 })
  for (let i = 0; i < 20; i++) {
    await fetch(scenesUrl, { method: 'POST', headers: { cookie: desk, 'content-type': 'application/json' }, body: JSON.stringify({ scene: scene(i) }) })
  }

  const timed = async (headers: Record<string, string>) => {
    const t0 = performance.now()
    const r = await fetch(scenesUrl, { headers: { cookie: wall, ...headers } })
    await r.arrayBuffer()
    return { ms: performance.now() - t0, status: r.status, etag: r.headers.get('etag') }
  }
  const { etag } = await timed({})
  const full: number[] = [], same: number[] = []
  for (let i = 0; i < 300; i++) {
    full.push((await timed({})).ms)
    const r = await timed({ 'if-none-match': etag! })
    if (r.status !== 304) throw new Error(`expected 304, got ${r.status}`)
    same.push(r.ms)
  }
  console.log(`one poll, nothing changed (304): median ${median(same).toFixed(2)} ms; the whole list of 20 scenes (200): median ${median(full).toFixed(2)} ms (300 each, one at a time)`)

  // SEATS seats polling both lists as the app does; a desk saves a scene halfway
  const seen: number[] = []
  let savedAt = 0
  let polls = 0
  const lat: number[] = []
  const stopAt = Date.now() + 10_000
  const seat = async (k: number) => {
    const tags: Record<string, string> = {}
    let got = false
    await new Promise((r) => setTimeout(r, (k * SEAT_POLL_MS) / SEATS))
    while (Date.now() < stopAt) {
      for (const url of [scenesUrl, plansUrl]) {
        const t0 = performance.now()
        const r = await fetch(url, { headers: { cookie: wall, ...(tags[url.href] ? { 'if-none-match': tags[url.href] } : {}) } })
        const body = r.status === 200 ? ((await r.json()) as { scenes?: { id: string }[] }) : null
        lat.push(performance.now() - t0)
        polls++
        if (r.status === 200) tags[url.href] = r.headers.get('etag')!
        if (!got && savedAt && body?.scenes?.some((s) => s.id === 'new')) {
          got = true
          seen.push(Date.now() - savedAt)
        }
      }
      await new Promise((r) => setTimeout(r, SEAT_POLL_MS))
    }
  }
  const running = Array.from({ length: SEATS }, (_, k) => seat(k))
  await new Promise((r) => setTimeout(r, 5000))
  savedAt = Date.now()
  await fetch(scenesUrl, { method: 'POST', headers: { cookie: desk, 'content-type': 'application/json' }, body: JSON.stringify({ scene: { ...scene(0), id: 'new' } }) })
  await Promise.all(running)
  console.log(`${SEATS} seats polling scenes and plans every ${SEAT_POLL_MS} ms for 10 s: ${polls} polls, ${(polls / 10).toFixed(0)}/s; a poll: median ${median(lat).toFixed(1)} ms, p95 ${p95(lat).toFixed(1)} ms`)
  console.log(`the scene saved at the desk reached ${seen.length} of ${SEATS} seats: median ${median(seen)} ms, slowest ${Math.max(...seen)} ms after the save`)
} finally {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
}
