import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { ensureDatabase, removeCluster, startCluster } from '../../src/server/pg-cluster'

describe('local cluster', () => {
  it('starts with PostGIS, refuses a wrong password, keeps its data over a restart on another port, and is removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pingan-pg-cluster-'))
    let cluster = await startCluster(dir)
    try {
      const url = await ensureDatabase(cluster, 'probe')
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      const { rows } = await c.query("select ST_AsText(ST_Point(1.5, 2)) as p, current_setting('listen_addresses') as listen")
      expect(rows[0]).toEqual({ p: 'POINT(1.5 2)', listen: '127.0.0.1' })
      await c.query('create table kept (v text)')
      await c.query('insert into kept values ($1)', ['still here'])
      await c.end()

      const wrong = new pg.Client({ connectionString: url.replace(/:[^:@/]+@/, ':not-the-password@') })
      await expect(wrong.connect()).rejects.toThrow(/password authentication failed/)

      cluster.stop()
      cluster = await startCluster(dir)
      const again = new pg.Client({ connectionString: cluster.url('probe') })
      await again.connect()
      expect((await again.query('select v from kept')).rows).toEqual([{ v: 'still here' }])
      await again.end()
    } finally {
      removeCluster(cluster)
    }
    expect(existsSync(dir)).toBe(false)
  })
})
