import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../src/server/server'

const dir = mkdtempSync(join(tmpdir(), 'pingan-server-'))
// mkdtemp makes it private; as root the cluster runs as the postgres user, who must enter it
chmodSync(dir, 0o755)
const dataDir = join(dir, 'pg')
const distDir = join(dir, 'dist')
mkdirSync(distDir)
const POLICY = "default-src 'self'"
writeFileSync(join(distDir, 'index.html'), `<!doctype html><meta http-equiv="Content-Security-Policy" content="${POLICY}"><title>app</title>`)

let running: RunningServer | null = null
afterAll(async () => {
  await running?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function login(base: string, name: string, password: string): Promise<string | null> {
  const r = await fetch(new URL('/api/login', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) })
  if (r.status !== 200) return null
  return r.headers.get('set-cookie')!.split(';')[0]
}

describe('the server over a restart', () => {
  it('makes its cluster, seeds the demo and the admin once, serves the app, and keeps everything after a stop and a start', async () => {
    const lines: string[] = []
    running = await startServer({ port: 0, dataDir, distDir, env: {}, log: (s) => lines.push(s) })
    const generated = /created user admin with password (\S+)/.exec(lines.join('\n'))?.[1]
    expect(generated).toBeDefined()
    let base = running.url

    const page = await fetch(base)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toBe(POLICY)
    expect(await page.text()).toContain('<title>app</title>')

    const admin = (await login(base, 'admin', generated!))!
    expect(admin).not.toBeNull()
    const made = await fetch(new URL('/api/users', base), { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'desk', role: 'analyst', password: 'desk-password' }) })
    expect(made.status).toBe(201)
    const districts = await (await fetch(new URL('/api/districts', base), { headers: { cookie: admin } })).json() as { id: number; code: string }[]
    expect(districts.map((d) => d.code)).toEqual(['demo'])
    const countsUrl = `/api/districts/${districts[0].id}/counts?layer=compound`
    const before = await (await fetch(new URL(countsUrl, base), { headers: { cookie: admin } })).json()

    await running.close()
    running = null
    // the cluster this server started is stopped with it
    expect(existsSync(join(dataDir, 'data/postmaster.pid'))).toBe(false)

    const again: string[] = []
    running = await startServer({ port: 0, dataDir, distDir, env: {}, log: (s) => again.push(s) })
    base = running.url
    expect(again.join('\n')).not.toMatch(/created user admin|seeded the demo/)
    const desk = await login(base, 'desk', 'desk-password')
    expect(desk).not.toBeNull()
    // desk was granted no district
    expect(await (await fetch(new URL('/api/districts', base), { headers: { cookie: desk! } })).json()).toEqual([])
    const admin2 = (await login(base, 'admin', generated!))!
    expect(admin2).not.toBeNull()
    const after = await (await fetch(new URL(countsUrl, base), { headers: { cookie: admin2 } })).json()
    expect(after).toEqual(before)
    expect((before as { count: number }[]).reduce((s, r) => s + r.count, 0)).toBeGreaterThan(0)
  })
})
