/**
 * A plan edit made while the database is down: refused as a server error with nothing stored
 * (the seat keeps it and shows it unsaved; tests/e2e/seats.e2e.ts covers that side), and the
 * same edit, sent again once the database is back, is saved on the base it was made on.
 * Stops and starts the run's shared cluster, which is safe because test files run one after
 * another (vitest.config.ts).
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, inject, it } from 'vitest'
import { createUser, grantDistrict } from '../../src/server/accounts'
import { buildApp, SESSION_COOKIE } from '../../src/server/app'
import { asOwner } from '../../src/server/db'
import { PG_VERSION } from '../../src/server/pg-cluster'
import { freshDatabase, type TestDb } from './db'
import { makeDistrict } from './fixture'

let t: TestDb
let app: FastifyInstance
let district: number
let cookie: string

beforeAll(async () => {
  t = await freshDatabase('seats_outage')
  await asOwner(t.db, async (c) => {
    district = await makeDistrict(c, 'north', 'North', 100, [])
    await createUser(c, 'planA', 'planner', 'planA-password')
    await grantDistrict(c, 'planA', 'north')
  })
  app = await buildApp({ db: t.db, loginAttemptsPerMinute: 1000 })
  const r = await app.inject({ method: 'POST', url: '/api/login', payload: { name: 'planA', password: 'planA-password' } })
  cookie = `${SESSION_COOKIE}=${r.cookies.find((x) => x.name === SESSION_COOKIE)!.value}`
})
afterAll(async () => {
  await app?.close()
  await t?.close()
})

/** pg_ctl on the run's cluster, as its owner */
function pgCtl(args: string[]) {
  const bin = `/usr/lib/postgresql/${PG_VERSION}/bin/pg_ctl`
  const r = process.getuid?.() === 0
    ? spawnSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawnSync(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  expect(r.status, String(r.stderr)).toBe(0)
}

const cam = (id: string) => ({ id, lon: 100.5, lat: 30.5, type: 'bullet', azimuth: 90, fov: 60, range: 80, source: 'hand' })
const plan = (ids: string[]) => ({ name: '北区方案', plan: { createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', cameras: ids.map(cam) } })
const put = (ids: string[], baseRevision: number) =>
  app.inject({ method: 'PUT', url: `/api/districts/${district}/plans/p1`, headers: { cookie }, payload: { ...plan(ids), baseRevision } })

it('an edit while the database is down is a server error with nothing stored, and is saved on its base once it is back', async () => {
  const made = await app.inject({ method: 'POST', url: `/api/districts/${district}/plans`, headers: { cookie }, payload: { id: 'p1', ...plan(['K1']) } })
  expect(made.statusCode, made.body).toBe(201)
  expect(made.json().revision).toBe(1)

  const dir = inject('pgClusterDir')
  const data = join(dir, 'data')
  // the postmaster's own command line, to start it again exactly as it was (port, socket, settings)
  const opts = readFileSync(join(data, 'postmaster.opts'), 'utf8').trim()
  const args = [...opts.matchAll(/"([^"]*)"/g)].map((m) => m[1])
  const options = args.slice(args.indexOf('-D') + 2)
  pgCtl(['-D', data, '-m', 'fast', '-w', 'stop'])
  let down
  try {
    down = await put(['K1', 'K2'], 1)
  } finally {
    pgCtl(['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', options.map((o) => (/^[\w.=/:-]+$/.test(o) ? o : `'${o}'`)).join(' '), 'start'])
  }
  expect(down.statusCode).toBeGreaterThanOrEqual(500)
  expect(down.json()).toEqual({ error: 'internal error' })

  // the pool's first try may meet a connection the stop closed
  let again = await put(['K1', 'K2'], 1)
  if (again.statusCode >= 500) again = await put(['K1', 'K2'], 1)
  expect(again.statusCode, again.body).toBe(200)
  expect(again.json().revision).toBe(2)
  const stored = (await app.inject({ method: 'GET', url: `/api/districts/${district}/plans/p1`, headers: { cookie } })).json()
  expect(stored.plan.cameras.map((c: { id: string }) => c.id)).toEqual(['K1', 'K2'])
  const history = (await app.inject({ method: 'GET', url: `/api/districts/${district}/plans/p1/revisions`, headers: { cookie } })).json()
  expect(history.map((r: { revision: number }) => r.revision)).toEqual([2, 1])
})
