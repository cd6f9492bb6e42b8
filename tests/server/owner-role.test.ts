import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'
import { createUser, grantDistrict } from '../../src/server/accounts'
import { asOwner, asUser, openPool } from '../../src/server/db'
import { migrate } from '../../src/server/migrate'

describe('a DATABASE_URL whose role is not a superuser', () => {
  it('gets the schema, and its requests still run under the district policies', async () => {
    const base = inject('pgClusterUrl')
    const suffix = randomBytes(4).toString('hex')
    const role = `owner_${suffix}`, database = `owned_${suffix}`, password = randomBytes(12).toString('hex')
    const su = new pg.Client({ connectionString: base })
    await su.connect()
    // what an IT department hands out: a login that may create roles and owns its database
    await su.query(`create role ${role} login createrole password '${password}'`)
    await su.query(`create database ${database} owner ${role}`)
    await su.end()
    const suDb = new pg.Client({ connectionString: base.replace(/\/postgres$/, `/${database}`) })
    await suDb.connect()
    await suDb.query('create extension postgis')
    await suDb.end()

    const url = base.replace(/\/\/postgres:[^@]+@/, `//${role}:${password}@`).replace(/\/postgres$/, `/${database}`)
    const owner = new pg.Client({ connectionString: url })
    await owner.connect()
    expect((await owner.query('select rolsuper from pg_roles where rolname = current_user')).rows[0].rolsuper).toBe(false)
    await migrate(owner)
    await owner.end()

    const db = openPool(url)
    try {
      const userId = await asOwner(db, async (c) => {
        await c.query("insert into districts (code, name) values ('a', 'A'), ('b', 'B')")
        const u = await createUser(c, 'seat', 'viewer', 'seat-password')
        await grantDistrict(c, 'seat', 'b')
        return u.id
      })
      const seen = await asUser(db, userId, async (c) => (await c.query('select code from districts order by code')).rows)
      expect(seen).toEqual([{ code: 'b' }])
    } finally {
      await db.end()
    }
  })
})
