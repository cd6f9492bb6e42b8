/**
 * `join` and `index` with --server against the same commands on the files, as whole CLI
 * processes: the files are loaded into a server (the demo is seeded from the app's own copy,
 * Chicago is loaded with `load`), then both outputs are compared byte for byte.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../src/server/accounts'
import { buildApp } from '../../src/server/app'
import { asOwner } from '../../src/server/db'
import { DEMO_DIR } from '../../src/server/demo-seed'
import { realData } from '../fixtures/real'
import { freshDatabase, type TestDb } from './db'

let t: TestDb
let app: FastifyInstance
let url: string
const out = mkdtempSync(join(tmpdir(), 'pingan-cli-server-'))

interface Run { code: number; stdout: string; stderr: string }

/** asynchronous: the server answering the process runs in this one */
async function cli(...args: string[]): Promise<Run> {
  try {
    const r = await promisify(execFile)(process.execPath, ['src/cli/pingan-map.mjs', ...args], {
      env: { ...process.env, PINGAN_USER: 'desk', PINGAN_PASSWORD: 'desk-password' },
    })
    return { code: 0, ...r }
  } catch (err) {
    const e = err as Run
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

/** Runs the command on files and on the server; returns both outputs. */
async function both(command: string, files: string[], server: string[], common: string[] = []): Promise<[string, string]> {
  const local = join(out, `${command}-local.csv`), remote = join(out, `${command}-server.csv`)
  rmSync(local, { force: true })
  rmSync(remote, { force: true })
  const a = await cli(command, ...files, ...common, '--out', local)
  expect(a.code, a.stderr).toBe(0)
  const b = await cli(command, '--server', url, ...server, ...common, '--out', remote)
  expect(b.code, b.stderr).toBe(0)
  return [readFileSync(local, 'utf8'), readFileSync(remote, 'utf8')]
}

const CHICAGO_FILES = ['--areas', realData('chicago/community_areas.geojson'), '--id-field', 'area_numbe', '--name-field', 'community',
  '--incidents', realData('chicago/homicides.csv'), '--category-map', 'HOMICIDE=criminal']
const DEMO_FILES = ['--areas', join(DEMO_DIR, 'streets.geojson'), '--incidents', join(DEMO_DIR, 'incidents.csv')]

beforeAll(async () => {
  t = await freshDatabase('cliserver', { demo: true })
  await asOwner(t.db, async (c) => {
    await c.query("insert into districts (code, name) values ('chicago', 'Chicago')")
    await createUser(c, 'loader', 'admin', 'loader-password')
    const desk = await createUser(c, 'desk', 'analyst', 'desk-password')
    await c.query("insert into district_grants (user_id, district_id) select $1, id from districts", [desk.id])
  })
  app = await buildApp({ db: t.db, loginAttemptsPerMinute: 1000 })
  url = await app.listen({ port: 0, host: '127.0.0.1' })
  const load = (...args: string[]) => cli('load', '--server', url, '--district', 'chicago', '--user', 'loader', '--password', 'loader-password', ...args)
  for (const r of [
    await load('--kind', 'areas', '--layer', 'street', '--id-field', 'area_numbe', '--name-field', 'community', realData('chicago/community_areas.geojson')),
    await load('--kind', 'population', '--layer', 'street', realData('chicago/community_populations.csv')),
    await load('--kind', 'incidents', '--category-map', 'HOMICIDE=criminal', realData('chicago/homicides.csv')),
  ]) expect(r.code, r.stderr).toBe(0)
})
afterAll(async () => {
  await app?.close()
  await t?.close()
  rmSync(out, { recursive: true, force: true })
})

describe('join --server writes what join writes on the same files', () => {
  it('Chicago homicides per community area, all time and for one year', async () => {
    const [local, server] = await both('join', CHICAGO_FILES, ['--layer', 'street', '--district', 'chicago'])
    expect(server).toBe(local)
    expect(local.split('\n').length).toBe(79) // header, 77 areas, final newline
    const [l2, s2] = await both('join', CHICAGO_FILES, ['--layer', 'street', '--district', 'chicago'], ['--from', '2019-01-01', '--to', '2020-01-01'])
    expect(s2).toBe(l2)
    expect(l2).not.toBe(local)
  })

  it('the demo\'s streets', async () => {
    const [local, server] = await both('join', DEMO_FILES, ['--layer', 'street', '--district', 'demo'])
    expect(server).toBe(local)
  })
})

describe('index --server writes what index writes on the same files', () => {
  it('Chicago: the month of the latest incident, and a year with weights', async () => {
    const files = [...CHICAGO_FILES, '--population', realData('chicago/community_populations.csv')]
    const [local, server] = await both('index', files, ['--layer', 'street', '--district', 'chicago'])
    expect(server).toBe(local)
    const [l2, s2] = await both('index', files, ['--layer', 'street', '--district', 'chicago'], ['--from', '2022-01-01', '--to', '2023-01-01', '--weights', 'case=2,fire=1,problem=0.5'])
    expect(s2).toBe(l2)
    // ranked rows with alerts and changes in them: the comparison covers every column
    const rows = l2.trim().split('\n').slice(1).map((l) => l.split(','))
    expect(rows.filter((r) => r[7] !== '' && r[3] !== '0' && r[8] !== '' && r[9] !== '').length).toBeGreaterThan(20)
  })

  it('the demo\'s streets, for a range that is not whole months', async () => {
    const [local, server] = await both('index', DEMO_FILES, ['--layer', 'street', '--district', 'demo'], ['--from', '2024-03-10', '--to', '2024-05-02'])
    expect(server).toBe(local)
    expect(local.split('\n').length).toBeGreaterThan(3)
  })
})

describe('what --server refuses', () => {
  it('without --layer, with file flags, or a district the account does not have: a usage error (exit 2)', async () => {
    const o = join(out, 'refused.csv')
    expect(await cli('join', '--server', url, '--district', 'demo', '--out', o)).toMatchObject({ code: 2, stderr: expect.stringContaining('--layer') })
    expect(await cli('index', '--server', url, '--layer', 'street', '--district', 'demo', '--areas', 'x.geojson', '--out', o)).toMatchObject({ code: 2, stderr: expect.stringContaining('--areas') })
    expect(await cli('join', '--server', url, '--layer', 'street', '--district', 'nowhere', '--out', o)).toMatchObject({ code: 2, stderr: expect.stringContaining('no district nowhere') })
    expect(await cli('join', '--server', url, '--layer', 'street', '--district', 'demo', '--password', 'wrong-password', '--out', o)).toMatchObject({ code: 1, stderr: expect.stringContaining('refused (401)') })
  })
})
