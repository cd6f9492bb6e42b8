/**
 * One server process: the database opened (and its local cluster started when needed),
 * migrations applied, the demo seeded into an empty database, the first admin made, then the
 * app and API served on one origin until close().
 */
import type { FastifyInstance } from 'fastify'
import { ensureAdmin } from './accounts'
import { buildApp, SESSION_COOKIE } from './app'
import { readFormats, readSchedule } from './briefing-schedule'
import { BriefingService, type BriefingServiceOptions } from './briefing-service'
import { asOwner, openPool, type Db } from './db'
import { seedDemoIfEmpty } from './demo-seed'
import { openDatabase } from './local-database'
import { migrate } from './migrate'
import { ReadPools, replicaUrls, type ReplicaOptions } from './replicas'

export interface ServerOptions {
  port: number
  host?: string
  env?: NodeJS.ProcessEnv
  /** the briefings' page renderer (tests); default headless chromium */
  briefingRenderer?: BriefingServiceOptions['render']
  /** the local cluster's folder when there is no DATABASE_URL */
  dataDir?: string
  distDir?: string
  log?: (s: string) => void
  /** the replicas' health-check period (tests); DATABASE_REPLICA_MAX_LAG_MS sets the lag they may have */
  replicaCheckMs?: ReplicaOptions['checkMs']
}

export interface RunningServer {
  url: string
  app: FastifyInstance
  db: Db
  reads: ReadPools
  close(): Promise<void>
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const log = opts.log ?? ((s: string) => process.stdout.write(s + '\n'))
  const env = opts.env ?? process.env
  // a wrong schedule stops the start: briefings quietly off would be found out at 08:00
  const schedule = readSchedule(env)
  const replicas = replicaUrls(env.DATABASE_REPLICA_URLS)
  const maxLagMs = env.DATABASE_REPLICA_MAX_LAG_MS ? Number(env.DATABASE_REPLICA_MAX_LAG_MS) : undefined
  if (maxLagMs !== undefined && !(Number.isInteger(maxLagMs) && maxLagMs > 0)) throw new Error(`DATABASE_REPLICA_MAX_LAG_MS ${env.DATABASE_REPLICA_MAX_LAG_MS}: a whole number of milliseconds`)
  const database = await openDatabase({ env, dataDir: opts.dataDir, log })
  let db: Db | null = null
  let reads: ReadPools | null = null
  try {
    db = openPool(database.url)
    const c = await db.connect()
    try {
      await c.query('create extension if not exists postgis')
      const applied = await migrate(c)
      if (applied.length) log(`database ${database.where}: applied migrations ${applied.join(', ')}`)
    } finally {
      c.release()
    }
    await asOwner(db, (c) => seedDemoIfEmpty(c, log))
    const admin = await asOwner(db, (c) => ensureAdmin(c, env.PINGAN_ADMIN_PASSWORD || undefined))
    if (admin.generated) log(`created user admin with password ${admin.generated} (shown once; change it with: npm run cli -- user passwd admin)`)
    else if (admin.created) log('created user admin with the password in PINGAN_ADMIN_PASSWORD')
    const briefings = new BriefingService({
      db, schedule, formats: readFormats(env.PINGAN_BRIEFING_FORMATS), cookieName: SESSION_COOKIE, log,
      ...(opts.briefingRenderer && { render: opts.briefingRenderer }),
    })
    reads = new ReadPools(db, replicas, { maxLagMs, checkMs: opts.replicaCheckMs, log })
    await reads.start()
    if (replicas.length) log(`reads: ${reads.status().replicas.map((r) => `${r.name} (${r.healthy ? 'serving' : r.reason})`).join(', ')}; writes and live alerts: the primary`)
    const app = await buildApp({ db, distDir: opts.distDir, briefings, reads })
    const host = opts.host ?? '127.0.0.1'
    await app.listen({ port: opts.port, host })
    const port = (app.server.address() as { port: number }).port
    const pool = db
    const readPools = reads
    // the briefings' page asks this server on the loopback, whatever address the seats use
    const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
    await briefings.start(`http://${local}:${port}/`)
    return {
      url: `http://${host}:${port}/`,
      app,
      db: pool,
      reads: readPools,
      async close() {
        await briefings.stop()
        await app.close()
        await readPools.close()
        await pool.end()
        database.stop()
      },
    }
  } catch (err) {
    await reads?.close().catch(() => {})
    await db?.end().catch(() => {})
    database.stop()
    throw err
  }
}
