/**
 * Reads on PostgreSQL streaming replicas (DATABASE_REPLICA_URLS), so that more seats than one
 * database serves can read at once. Only the read routes that take `reads.asUser` go there (the
 * districts, areas, incidents, counts, analytics and map layers); sessions, writes, the audit
 * trail, scenes and plans (seats edit them together) and the live stream (LISTEN/NOTIFY) stay
 * on the primary. A replica is a byte-for-byte copy of the primary, roles, grants and
 * row-level-security policies included, and db.ts `asUser` sets the same role and settings
 * on its connections: it shows a user exactly the districts the primary would.
 *
 * Health: every `checkMs` the primary's WAL position is sampled and each replica asked how far
 * it has replayed. A replica is left out while it is not in recovery (a promoted or wrong
 * server), unreachable, or behind by more than `maxLagMs`: it has not replayed what the primary
 * had written that long ago. With none left, reads go to the primary. A replica that fails
 * under a read is left out at once and that read is run again on the primary, as is a read
 * that finds every connection of the replica's pool busy for 2 s.
 *
 * Read-your-writes: after a user's successful write (any API request but GET and HEAD) the
 * primary's WAL insert position is noted for that user, and their reads go only to replicas
 * that have replayed it, or to the primary. A seat that saves and reloads sees its own change;
 * the position is held in this process, so it assumes one server process per primary.
 */
import pg from 'pg'
import { asUser, openPool, type Db } from './db'

export interface ReplicaOptions {
  /** time between health checks (default 1 s) */
  checkMs?: number
  /** the most a replica may be behind and still serve reads (default 5 s) */
  maxLagMs?: number
  /** connections per replica (default 8, as the primary's pool) */
  poolSize?: number
  log?: (s: string) => void
}

export interface ReplicaStatus {
  /** host:port/database, no credentials */
  name: string
  healthy: boolean
  /** pg_is_in_recovery() at the last check; null when it could not be asked */
  inRecovery: boolean | null
  /** how far behind the primary it was at the last check; null when unknown */
  lagMs: number | null
  /** reads it has served */
  reads: number
  /** why it is left out, when it is */
  reason: string | null
}

export interface ReadStatus {
  replicas: ReplicaStatus[]
  /** reads the primary served: no healthy replica, read-your-writes, or a replica's failure */
  primaryReads: number
  /** users whose reads wait for the replicas to replay their own write */
  usersAwaitingReplay: number
}

interface Replica {
  name: string
  pool: Db
  /** the health check's own connection: a full pool must not make a replica look dead */
  probe: pg.Client | null
  url: string
  healthy: boolean
  inRecovery: boolean | null
  replay: bigint | null
  lagMs: number | null
  reads: number
  reason: string | null
}

/** A user's last write: its WAL position, or, when it could not be read, a time until which reads stay on the primary. */
interface Pending { lsn: bigint | null; until: number }

/** '16/B374D848' → a number that orders as WAL positions do */
export function parseLsn(text: string): bigint {
  const m = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text)
  if (!m) throw new Error(`not a WAL position: ${JSON.stringify(text)}`)
  return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`)
}

/**
 * How far behind a replica that has replayed up to `replay` is, from the primary's positions
 * sampled over time (oldest first): the age of the oldest sample it has not reached, 0 when it
 * has reached them all, Infinity when it has not reached even the oldest (behind by more than
 * the history says).
 */
export function lagOf(replay: bigint, samples: readonly { t: number; lsn: bigint }[], now: number): number {
  if (samples.length === 0) return 0
  if (samples[0].lsn > replay) return Infinity
  const missed = samples.find((s) => s.lsn > replay)
  return missed ? now - missed.t : 0
}

/** host:port/database of a connection string, for logs and the status route */
export function replicaName(url: string): string {
  const u = new URL(url)
  return `${u.hostname}:${u.port || 5432}${u.pathname}`
}

/** DATABASE_REPLICA_URLS: comma-separated connection strings; a bad one stops the start. */
export function replicaUrls(value: string | undefined): string[] {
  const urls = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  for (const u of urls) {
    let ok = false
    try {
      ok = /^postgres(ql)?:$/.test(new URL(u).protocol)
    } catch {
      ok = false
    }
    if (!ok) throw new Error(`DATABASE_REPLICA_URLS: ${JSON.stringify(u.replace(/:[^:@/]*@/, ':…@'))} is not a postgres:// connection string`)
  }
  return urls
}

/** A failure of the replica itself (gone, shutting down, unreachable), as opposed to one of the query. */
function replicaGone(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code
  if (typeof code === 'string') return /^(08|57P|53|58)/.test(code) || /^E[A-Z]+$/.test(code)
  const message = (err as Error)?.message ?? ''
  return /Connection terminated|connection error|Client was closed/i.test(message)
}

/**
 * No connection within the pool's wait: every one is busy, or the replica does not answer. The
 * read goes to the primary; only the health check, on its own connection, tells which it was.
 */
const noConnection = (err: unknown) => /timeout exceeded when trying to connect/i.test((err as Error)?.message ?? '')

/** "canceling statement due to conflict with recovery": the replica is fine, this read lost a race with replay */
const recoveryConflict = (err: unknown) => (err as { code?: unknown })?.code === '40001'

export class ReadPools {
  private readonly replicas: Replica[]
  private readonly checkMs: number
  private readonly maxLagMs: number
  private readonly log: (s: string) => void
  /** the primary's WAL positions, oldest first, covering maxLagMs and one sample more */
  private samples: { t: number; lsn: bigint }[] = []
  private readonly pending = new Map<number, Pending>()
  private primaryReads = 0
  private turn = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  private checking: Promise<void> | null = null
  private closed = false

  constructor(private readonly primary: Db, urls: readonly string[], opts: ReplicaOptions = {}) {
    this.checkMs = opts.checkMs ?? 1000
    this.maxLagMs = opts.maxLagMs ?? 5000
    this.log = opts.log ?? ((s) => process.stderr.write(s + '\n'))
    this.replicas = urls.map((url) => ({
      name: replicaName(url), url, probe: null, healthy: false, inRecovery: null, replay: null, lagMs: null, reads: 0, reason: 'not checked yet',
      // a replica that does not answer must not hold a seat's read for long: the primary is there
      pool: openPool(url, opts.poolSize ?? 8, { connectionTimeoutMillis: 2000, application_name: 'pingan-map read' }),
    }))
  }

  /** Checks the replicas once, then every checkMs until close(). */
  async start(): Promise<void> {
    if (this.replicas.length === 0) return
    await this.check()
    this.schedule()
  }

  private schedule(): void {
    if (this.closed) return
    this.timer = setTimeout(() => {
      this.checking = this.check().finally(() => this.schedule())
    }, this.checkMs)
    // open pools keep the process; a timer alone must not
    this.timer.unref()
  }

  /** Runs `fn` as `userId` (db.ts asUser) on a replica that may serve this user, else on the primary. */
  async asUser<T>(userId: number, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const r = this.pick(userId)
    if (r) {
      try {
        const out = await asUser(r.pool, userId, fn)
        r.reads++
        return out
      } catch (err) {
        if (replicaGone(err)) this.leaveOut(r, `failed under a read: ${(err as Error).message}`)
        else if (!recoveryConflict(err) && !noConnection(err)) throw err
      }
    }
    this.primaryReads++
    return asUser(this.primary, userId, fn)
  }

  /** After a write of `userId`: their reads skip the replicas that have not replayed it. */
  async wrote(userId: number): Promise<void> {
    if (this.replicas.length === 0) return
    try {
      // the insert position: with asynchronous commit the commit record may not be written out yet
      const { rows } = await this.primary.query<{ lsn: string }>('select pg_current_wal_insert_lsn()::text as lsn')
      this.pending.set(userId, { lsn: parseLsn(rows[0].lsn), until: 0 })
    } catch {
      this.pending.set(userId, { lsn: null, until: Date.now() + this.maxLagMs })
    }
  }

  private pick(userId: number): Replica | null {
    const own = this.pending.get(userId)
    if (own && own.lsn === null && own.until > Date.now()) return null
    const fit = this.replicas.filter((r) => r.healthy && (!own?.lsn || (r.replay !== null && r.replay >= own.lsn)))
    if (fit.length === 0) return null
    // least busy (connections in use and waiting), ties taken in turn
    const busy = (r: Replica) => r.pool.totalCount - r.pool.idleCount + r.pool.waitingCount
    const least = Math.min(...fit.map(busy))
    const idle = fit.filter((r) => busy(r) === least)
    return idle[this.turn++ % idle.length]
  }

  private leaveOut(r: Replica, reason: string): void {
    if (r.healthy) this.log(`read replica ${r.name} left out: ${reason}; its reads go to the primary`)
    r.healthy = false
    r.reason = reason
  }

  private async probe(r: Replica): Promise<{ inRecovery: boolean; replay: bigint | null }> {
    if (!r.probe) {
      const c = new pg.Client({ connectionString: r.url, connectionTimeoutMillis: 2000, query_timeout: 2000, application_name: 'pingan-map health' })
      c.on('error', () => {})
      try {
        await c.connect()
      } catch (err) {
        await c.end().catch(() => {})
        throw err
      }
      r.probe = c
    }
    try {
      const { rows } = await r.probe.query<{ rec: boolean; lsn: string | null }>('select pg_is_in_recovery() as rec, pg_last_wal_replay_lsn()::text as lsn')
      return { inRecovery: rows[0].rec, replay: rows[0].lsn === null ? null : parseLsn(rows[0].lsn) }
    } catch (err) {
      const c = r.probe
      r.probe = null
      await c.end().catch(() => {})
      throw err
    }
  }

  /** One round: sample the primary, then ask each replica. */
  async check(): Promise<void> {
    try {
      // the written position, not the insert one: on an idle primary a replica reaches it exactly
      const { rows } = await this.primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')
      // the time it was read, not asked: a replica is never judged late from before a write
      const now = Date.now()
      this.samples.push({ t: now, lsn: parseLsn(rows[0].lsn) })
      const keep = this.samples.findIndex((s) => s.t >= now - this.maxLagMs)
      if (keep > 1) this.samples = this.samples.slice(keep - 1)
    } catch {
      // the primary is away: replicas keep serving by the positions already sampled
    }
    await Promise.all(this.replicas.map(async (r) => {
      try {
        const { inRecovery, replay } = await this.probe(r)
        r.inRecovery = inRecovery
        r.replay = replay
        r.lagMs = replay === null ? null : lagOf(replay, this.samples, Date.now())
        const reason = !inRecovery ? 'not a replica (not in recovery)'
          : r.lagMs === null || r.lagMs > this.maxLagMs ? `behind the primary by more than ${this.maxLagMs} ms`
          : null
        if (reason) this.leaveOut(r, reason)
        else {
          if (!r.healthy) this.log(`read replica ${r.name} serves reads`)
          r.healthy = true
          r.reason = null
        }
      } catch (err) {
        r.inRecovery = null
        r.lagMs = null
        this.leaveOut(r, `unreachable: ${(err as Error).message}`)
      }
      if (r.lagMs === Infinity) r.lagMs = null
    }))
    // a user whose write every replica has replayed reads anywhere again
    for (const [user, p] of this.pending) {
      const done = p.lsn === null ? p.until <= Date.now() : this.replicas.every((r) => r.replay !== null && r.replay >= p.lsn!)
      if (done) this.pending.delete(user)
    }
  }

  status(): ReadStatus {
    return {
      replicas: this.replicas.map((r) => ({ name: r.name, healthy: r.healthy, inRecovery: r.inRecovery, lagMs: r.lagMs, reads: r.reads, reason: r.reason })),
      primaryReads: this.primaryReads,
      usersAwaitingReplay: this.pending.size,
    }
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    // a round under way would open a probe connection after the pools ended
    await this.checking?.catch(() => {})
    await Promise.all(this.replicas.map(async (r) => {
      await r.probe?.end().catch(() => {})
      r.probe = null
      await r.pool.end()
    }))
  }
}
