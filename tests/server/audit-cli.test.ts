/**
 * The audit trail and the command line, as whole CLI processes: `user add|passwd|grant` are
 * recorded as the OS account from 'cli'; `load --server` still gets through the cross-site
 * check and is recorded; `audit --server` writes a CSV that an independent parser
 * (papaparse) reads back to the rows stored, hostile text included.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import Papa from 'papaparse'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../src/server/accounts'
import { buildApp } from '../../src/server/app'
import { asOwner } from '../../src/server/db'
import { freshDatabase, type TestDb } from './db'
import { incidentsCsv } from './fixture'

let t: TestDb
let app: FastifyInstance
let url: string
const out = mkdtempSync(join(tmpdir(), 'pingan-audit-cli-'))

interface Run { code: number; stdout: string; stderr: string }

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  try {
    const r = await promisify(execFile)(process.execPath, ['src/cli/pingan-map.mjs', ...args], { env: { ...process.env, PINGAN_PASSWORD: '', ...env } })
    return { code: 0, ...r }
  } catch (err) {
    const e = err as Run
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

beforeAll(async () => {
  t = await freshDatabase('auditcli')
  await asOwner(t.db, async (c) => {
    await c.query("insert into districts (code, name) values ('d1', 'One')")
    await createUser(c, 'chief', 'admin', 'chief-password')
    await createUser(c, 'seat', 'viewer', 'seat-password')
  })
  app = await buildApp({ db: t.db, loginAttemptsPerMinute: 1000 })
  url = await app.listen({ port: 0, host: '127.0.0.1' })
})
afterAll(async () => {
  await app?.close()
  await t?.close()
  rmSync(out, { recursive: true, force: true })
})

describe('the command line in the audit trail', () => {
  it('user add, passwd and grant: one row each, as the OS account from cli', async () => {
    const before = (await t.db.query('select coalesce(max(id), 0) as m from audit_log')).rows[0].m
    const db = { DATABASE_URL: t.url }
    for (const args of [['user', 'add', 'desk', '--role', 'analyst', '--password', 'desk-password'], ['user', 'passwd', 'desk', '--password', 'other-password'], ['user', 'grant', 'desk', 'd1'], ['user', 'list']]) {
      const r = await cli(args, db)
      expect(r.code, r.stderr).toBe(0)
    }
    const rows = (await t.db.query('select user_id, user_name, address, action, detail from audit_log where id > $1 order by id', [before])).rows
    const me = userInfo().username
    expect(rows.map((r) => [r.action, r.user_id, r.user_name, r.address])).toEqual([
      ['user.create', null, me, 'cli'], ['user.password', null, me, 'cli'], ['grant.add', null, me, 'cli'],
    ])
    expect(rows[0].detail).toMatchObject({ name: 'desk', role: 'analyst' })
  })

  it('load --server passes the cross-site check and is recorded with the client\'s address', async () => {
    const file = join(out, 'alerts.csv')
    writeFileSync(file, incidentsCsv([['L1', 'criminal', 100.5, 30.5], ['L2', 'fire', 100.6, 30.6]]))
    const r = await cli(['load', '--server', url, '--user', 'chief', '--password', 'chief-password', '--kind', 'incidents', file])
    expect(r.code, r.stderr).toBe(0)
    const rows = (await t.db.query("select user_name, address, action, detail from audit_log where action = 'import'")).rows
    expect(rows).toMatchObject([{ user_name: 'chief', address: '127.0.0.1', detail: { kind: 'incidents', file: 'alerts.csv', rowsKept: 2, stored: { inserted: 2 } } }])
  })
})

describe('npm run cli -- audit', () => {
  // hostile text in every field a person controls: quotes, commas, line breaks, formulas
  const HOSTILE: { at: string; user: string; address: string; action: string; detail: Record<string, unknown> }[] = [
    { at: '2003-07-01T00:00:00+08:00', user: '=HYPERLINK("http://evil.example","x")', address: '10.0.0.1', action: 'login.failed', detail: {} },
    { at: '2003-07-01T08:30:00+08:00', user: '张三, "队长"', address: '10.0.0.2', action: 'export', detail: { kind: 'pdf', title: 'a "quoted", line\r\nbreak\n=cmd|\' /C calc\'!A0' } },
    { at: '2003-07-02T12:00:00+08:00', user: '+1-2', address: '@10.0.0.3', action: 'import', detail: { file: '-x.csv', note: '\tTab' } },
    { at: '2003-07-03T23:59:59.999+08:00', user: "'='plain", address: '10.0.0.4', action: 'logout', detail: { s: "'" } },
  ]
  // just outside --from 2003-07-01 --to 2003-07-03 on either side
  const OUTSIDE = ['2003-06-30T23:59:59.999+08:00', '2003-07-04T00:00:00+08:00']

  beforeAll(async () => {
    for (const h of HOSTILE) {
      await t.db.query('insert into audit_log (at, user_name, address, action, detail) values ($1, $2, $3, $4, $5)', [h.at, h.user, h.address, h.action, JSON.stringify(h.detail)])
    }
    for (const at of OUTSIDE) await t.db.query("insert into audit_log (at, user_name, action) values ($1, 'outside', 'login')", [at])
  })

  /** What a spreadsheet shows for a text cell: a leading apostrophe before = + - @ tab CR is the guard, not content. */
  const guarded = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s)

  it('writes the rows of the local days --from to --to (inclusive), newest first; papaparse reads back every field', async () => {
    const file = join(out, 'audit.csv')
    const r = await cli(['audit', '--server', url, '--from', '2003-07-01', '--to', '2003-07-03', '--out', file], { PINGAN_USER: 'chief', PINGAN_PASSWORD: 'chief-password' })
    expect(r.code, r.stderr).toBe(0)
    const text = readFileSync(file, 'utf8')
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true })
    expect(parsed.errors).toEqual([])
    const [header, ...rows] = parsed.data
    expect(header).toEqual(['time', 'user', 'address', 'action', 'detail'])
    const want = [...HOSTILE].reverse()
    expect(rows).toHaveLength(want.length)
    rows.forEach((row, i) => {
      const h = want[i]
      expect(Date.parse(row[0]), row[0]).toBe(Date.parse(h.at))
      expect(row[0]).toMatch(/\+08:00$/)
      expect(row.slice(1, 4)).toEqual([guarded(h.user), guarded(h.address), h.action])
      expect(JSON.parse(row[4])).toEqual(h.detail)
    })
    // every record ends with CRLF (RFC 4180); the line breaks inside the title stay inside its quotes
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text.split('\r\n').length - 1).toBeGreaterThan(HOSTILE.length)
  })

  it('an ISO --to is the exclusive end; a non-admin is refused; a bad date is a usage error', async () => {
    const file = join(out, 'iso.csv')
    const r = await cli(['audit', '--server', url, '--user', 'chief', '--password', 'chief-password', '--from', '2003-07-02T12:00:00+08:00', '--to', '2003-07-03T23:59:59.999+08:00', '--out', file])
    expect(r.code, r.stderr).toBe(0)
    const rows = Papa.parse<string[]>(readFileSync(file, 'utf8'), { skipEmptyLines: true }).data.slice(1)
    expect(rows.map((x) => x[3])).toEqual(['import'])

    // more rows than one page of the API: every row once
    await t.db.query("insert into audit_log (at, user_name, action, detail) select '2004-01-01T10:00:00+08:00'::timestamptz + n * interval '1 ms', 'bulk', 'export', jsonb_build_object('n', n) from generate_series(1, 2345) n")
    const many = join(out, 'many.csv')
    expect((await cli(['audit', '--server', url, '--user', 'chief', '--password', 'chief-password', '--from', '2004-01-01', '--to', '2004-01-01', '--out', many])).code).toBe(0)
    const ns = Papa.parse<string[]>(readFileSync(many, 'utf8'), { skipEmptyLines: true }).data.slice(1).map((x) => (JSON.parse(x[4]) as { n: number }).n)
    expect(ns).toEqual(Array.from({ length: 2345 }, (_, i) => 2345 - i))

    const seat = await cli(['audit', '--server', url, '--user', 'seat', '--password', 'seat-password', '--out', join(out, 'no.csv')])
    expect([seat.code, seat.stderr]).toEqual([1, expect.stringContaining('403')])
    const bad = await cli(['audit', '--server', url, '--user', 'chief', '--password', 'chief-password', '--from', '2003-02-30', '--out', join(out, 'no.csv')])
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--from')])
  })
})
