/**
 * config.json as the server serves it: anyone may read it (the app reads it before a login),
 * it keeps the operator's settings and names the server, which is what puts the app in server mode.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildApp } from '../../src/server/app'
import { parseAppConfig } from '../../src/core/app-config'
import { freshDatabase, type TestDb } from './db'

let t: TestDb
let dir: string
let app: FastifyInstance

beforeAll(async () => {
  t = await freshDatabase('config')
  dir = mkdtempSync(join(tmpdir(), 'pingan-dist-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>')
  app = await buildApp({ db: t.db, distDir: dir })
})
afterAll(async () => {
  await app?.close()
  await t?.close()
  rmSync(dir, { recursive: true, force: true })
})

it('without a file of its own: the defaults and the server, to an anonymous request', async () => {
  const r = await app.inject({ url: '/config.json' })
  expect(r.statusCode).toBe(200)
  expect(parseAppConfig(r.json())).toEqual({ config: { baseMap: { type: 'demo' }, server: { url: '/' } }, warnings: [] })
})

it('the operator\'s settings are kept, and an edit applies without a restart', async () => {
  const tiles = { type: 'raster', tiles: ['/tiles/{z}/{x}/{y}.png'] }
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ baseMap: tiles, server: { url: '/elsewhere/', windowMonths: 6 } }))
  const json = (await app.inject({ url: '/config.json' })).json()
  expect(json.baseMap).toEqual(tiles)
  // the server says where it is itself, whatever the file said; the operator's other server settings stay
  expect(json.server).toEqual({ url: '/', windowMonths: 6 })
  writeFileSync(join(dir, 'config.json'), 'not json')
  expect((await app.inject({ url: '/config.json' })).json()).toEqual({ server: { url: '/' } })
})
