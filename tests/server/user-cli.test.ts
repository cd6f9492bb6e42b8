import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { login } from '../../src/server/accounts'
import { freshDatabase, type TestDb } from './db'

const run = promisify(execFile)
let t: TestDb
beforeAll(async () => {
  t = await freshDatabase('cli')
  await t.db.query("insert into districts (code, name) values ('d1', 'One')")
})
afterAll(() => t?.close())

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ['src/cli/pingan-map.mjs', 'user', ...args], { env: { ...process.env, DATABASE_URL: t.url, PINGAN_PASSWORD: '' } })
    return { code: 0, ...r }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe('npm run cli -- user', () => {
  it('adds, grants, lists and changes passwords in the database the server uses', async () => {
    expect((await cli('add', 'desk', '--role', 'analyst', '--password', 'desk-password')).code).toBe(0)
    const gen = await cli('add', 'wall')
    expect(gen.code).toBe(0)
    const generated = /password (\S+) \(shown once\)/.exec(gen.stdout)?.[1]
    expect(generated).toBeDefined()
    expect(await login(t.db, 'wall', generated!)).not.toBeNull()
    expect((await cli('grant', 'desk', 'd1')).code).toBe(0)
    expect((await cli('list')).stdout).toBe('name,role,districts\ndesk,analyst,d1\nwall,viewer,\n')
    expect((await cli('passwd', 'desk', '--password', 'other-password')).code).toBe(0)
    expect(await login(t.db, 'desk', 'desk-password')).toBeNull()
    expect(await login(t.db, 'desk', 'other-password')).not.toBeNull()
  })

  it('says what is wrong: a taken name, an unknown role, a short password, an unknown district; usage errors exit 2', async () => {
    await cli('add', 'taken', '--password', 'long-enough')
    expect(await cli('add', 'taken', '--password', 'long-enough')).toMatchObject({ code: 1, stderr: expect.stringContaining('already exists') })
    expect(await cli('add', 'x', '--role', 'boss')).toMatchObject({ code: 1, stderr: expect.stringContaining('--role') })
    expect(await cli('add', 'y', '--password', 'short')).toMatchObject({ code: 1, stderr: expect.stringContaining('at least 8') })
    expect(await cli('grant', 'taken', 'nowhere')).toMatchObject({ code: 1, stderr: expect.stringContaining('no district') })
    expect((await cli('frobnicate')).code).toBe(2)
    expect((await cli('add')).code).toBe(2)
  })
})
