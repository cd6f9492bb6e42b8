/**
 * The server's connections. One pool on the database's owner connection (DATABASE_URL or the
 * local cluster): migrations, accounts and sessions run there. Every request's data queries
 * run through `asUser`: one transaction that first drops to the pingan_app role (no BYPASSRLS,
 * owns no table) and sets pingan.user_id, so the tables' row-level security policies decide
 * which districts the queries see, whatever the route code asks for. Both also set who acts
 * and from where (request-context.ts) for the audit trigger (migrations/003_audit.sql).
 */
import pg from 'pg'
import { currentActor } from './request-context'

// int8 (bigserial ids, count(*)) as numbers: ids and counts stay far below 2^53
pg.types.setTypeParser(20, (v) => Number(v))

export type Db = pg.Pool

export function openPool(url: string, max = 8, extra: Omit<pg.PoolConfig, 'connectionString' | 'max'> = {}): Db {
  const pool = new pg.Pool({ ...extra, connectionString: url, max })
  // an idle connection that breaks (the database restarted) is dropped by the pool; without a
  // listener its error would end the process
  pool.on('error', (err) => process.stderr.write(`database connection lost: ${err.message}\n`))
  return pool
}

/** Runs `fn` in one transaction, after `setup`; rolls back on any error. */
async function transaction<T>(db: Db, setup: (c: pg.PoolClient) => Promise<unknown>, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await db.connect()
  // a connection that breaks mid-transaction fails the query in flight, which is what reports it
  const ignore = () => {}
  c.on('error', ignore)
  let broken: Error | undefined
  try {
    await c.query('begin')
    await setup(c)
    const out = await fn(c)
    await c.query('commit')
    return out
  } catch (err) {
    await c.query('rollback').catch((e: Error) => { broken = e })
    throw err
  } finally {
    c.off('error', ignore)
    // a connection that cannot even roll back is closed, not handed to the next request
    c.release(broken)
  }
}

/**
 * The transaction's settings the audit trigger reads: the user, a name without one, the address.
 * JIT is turned off with them (no extra round trip): incidents has a partition per month
 * (migration 010), so a query over all of a district's years plans one scan per month, which
 * pushes its estimated cost past jit_above_cost, and then compiles every partition's quals;
 * on Chicago's 2001-2025 (304 partitions) it compiled ~1,200 functions, 27-40 s per statement
 * of the monthly series, whose whole test takes 0.65 s without. The app's queries are short
 * group-bys on indexes, which JIT never repays.
 */
async function setActor(c: pg.PoolClient, userId: number | undefined): Promise<void> {
  const actor = currentActor()
  await c.query("select set_config('pingan.user_id', $1, true), set_config('pingan.user_name', $2, true), set_config('pingan.address', $3, true), set_config('jit', 'off', true)",
    [userId === undefined ? '' : String(userId), actor?.userName ?? '', actor?.address ?? ''])
}

/** Runs `fn` in one transaction as the app role on behalf of `userId`. */
export function asUser<T>(db: Db, userId: number, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  return transaction(db, async (c) => {
    await c.query('set local role pingan_app')
    await setActor(c, userId)
  }, fn)
}

/**
 * Runs `fn` in one transaction on the owner connection (start-up, accounts, seeding); inside
 * a request its writes are recorded as the signed-in user's.
 */
export function asOwner<T>(db: Db, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  return transaction(db, (c) => setActor(c, currentActor()?.userId), fn)
}
