/**
 * New incidents to the seats, as Server-Sent Events. ONE connection LISTENs for the
 * notification every insert into incidents sends at commit (migrations: a statement-level
 * trigger, id ranges only), and one pump reads the new rows once for all seats, in id order.
 * Event ids are incidents.id: inserts take turns until commit, so ids become visible in order
 * and "every id above the last one seen" is exactly what a reconnecting seat missed.
 *
 * Memory stays flat whatever the clients do: rows are read in pages, each page is one string
 * written to every seat, and a seat whose socket holds more than `maxClientBuffer` unsent bytes
 * is dropped (it reconnects with Last-Event-ID and reads what it missed from the database,
 * paced by its own socket). When the database goes away every seat is closed, so walls show
 * the break, and new seats are refused (503) until the LISTEN connection is back.
 */
import type { ServerResponse } from 'node:http'
import type pg from 'pg'
import { CATEGORIES } from '../core/incidents'
import type { Db } from './db'

export const LIVE_CHANNEL = 'pingan_incidents'
/** rows read from the database at once, by the pump and by a replay */
const PAGE = 1000

export interface LiveHubOptions {
  /** a comment line this often keeps proxies from closing a quiet stream (default 15 s) */
  heartbeatMs?: number
  /** unsent bytes a seat may hold before it is dropped (default 1 MiB) */
  maxClientBuffer?: number
  /** first wait before the LISTEN connection is tried again (doubles to 5 s) */
  retryMs?: number
  log?: (s: string) => void
}

interface Seat { district: number; res: ServerResponse; lastId: number; live: boolean }

interface Row { id: number; district_id: number; source_id: string; t: number; category: number; subtype: string; address: string; lon: number; lat: number }

const ROW_COLUMNS = 'id, district_id, source_id, (extract(epoch from time) * 1000)::float8 as t, category, subtype, address, lon, lat'

/** One event: the incident as the live-feed client reads it (src/io/live-incidents.ts). */
export function liveEvent(r: Row): string {
  const data = JSON.stringify({
    id: r.source_id, time: Math.round(r.t), category: CATEGORIES[r.category] ?? 'other', subtype: r.subtype,
    lon: r.lon, lat: r.lat, address: r.address,
  })
  return `id: ${r.id}\ndata: ${data}\n\n`
}

export class LiveHub {
  private readonly seats = new Set<Seat>()
  private listener: pg.PoolClient | null = null
  /** every row up to this id of a district with seats has gone to its live seats */
  private cursor = 0
  /** the highest id notified */
  private target = 0
  private pumping = false
  private closed = false
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private readonly heartbeat: ReturnType<typeof setInterval>
  private readonly watchers = new Set<(district: number | null) => void>()
  private readonly opts: Required<Omit<LiveHubOptions, 'log'>> & { log: (s: string) => void }

  constructor(private readonly db: Db, opts: LiveHubOptions = {}) {
    this.opts = {
      heartbeatMs: opts.heartbeatMs ?? 15_000, maxClientBuffer: opts.maxClientBuffer ?? 1 << 20, retryMs: opts.retryMs ?? 250,
      log: opts.log ?? ((s) => process.stderr.write(s + '\n')),
    }
    this.heartbeat = setInterval(() => {
      for (const s of this.seats) this.write(s, ': \n\n')
    }, this.opts.heartbeatMs)
    this.heartbeat.unref()
    void this.listen(this.opts.retryMs)
  }

  /** whether seats are taken: the LISTEN connection is up */
  get ready(): boolean {
    return this.listener !== null
  }

  get seatCount(): number {
    return this.seats.size
  }

  private async listen(wait: number): Promise<void> {
    if (this.closed) return
    let c: pg.PoolClient | null = null
    try {
      c = await this.db.connect()
      const client = c
      const lost = (err?: Error) => this.lost(client, err)
      client.on('error', lost)
      client.on('end', lost)
      client.on('notification', (n) => this.notified(n.payload))
      await client.query(`listen ${LIVE_CHANNEL}`)
      // rows committed before the LISTEN are no news: seats ask for those by Last-Event-ID
      const { rows } = await client.query<{ max: number }>('select coalesce(max(id), 0)::int8 as max from incidents')
      if (this.closed) return client.release()
      this.cursor = this.target = Math.max(this.cursor, rows[0].max)
      this.listener = client
      // what changed while no one listened is unknown
      this.tell(null)
    } catch (err) {
      c?.release(err as Error)
      if (this.closed) return
      this.retryTimer = setTimeout(() => void this.listen(Math.min(5000, wait * 2)), wait)
    }
  }

  private lost(client: pg.PoolClient, err?: Error): void {
    if (this.listener !== client) return
    this.listener = null
    client.removeAllListeners('notification')
    client.release(err ?? new Error('LISTEN connection ended'))
    if (this.closed) return
    this.opts.log(`live: database connection lost${err ? ` (${err.message})` : ''}; seats closed until it is back`)
    this.dropAll()
    void this.listen(this.opts.retryMs)
  }

  /**
   * Calls `fn` with the district whose incidents a statement changed, whoever ran it, or with
   * null when changes may have gone unheard (the LISTEN connection was away): caches of
   * derived data (the city view's tiles) drop what they hold of it.
   */
  watch(fn: (district: number | null) => void): void {
    this.watchers.add(fn)
  }

  private tell(district: number | null): void {
    for (const fn of this.watchers) fn(district)
  }

  private notified(payload: string | undefined): void {
    let to: unknown, district: unknown
    try {
      ({ to, district } = JSON.parse(payload ?? '') as { to?: unknown; district?: unknown })
    } catch {
      return
    }
    this.tell(typeof district === 'number' ? district : null)
    if (typeof to !== 'number' || !Number.isFinite(to)) return
    if (to > this.target) this.target = to
    void this.pump()
  }

  private async pump(): Promise<void> {
    if (this.pumping) return
    this.pumping = true
    try {
      while (this.cursor < this.target && !this.closed) {
        const districts = [...new Set([...this.seats].map((s) => s.district))]
        const hi = this.target
        if (districts.length === 0) {
          this.cursor = hi
          break
        }
        const { rows } = await this.db.query<Row>(
          `select ${ROW_COLUMNS} from incidents where id > $1 and id <= $2 and district_id = any($3::int[]) order by id limit ${PAGE}`,
          [this.cursor, hi, districts])
        // a seat of another district came meanwhile: its rows were not read, and the cursor
        // must not pass them; read the range again with it
        if ([...this.seats].some((s) => !districts.includes(s.district))) continue
        this.broadcast(rows)
        this.cursor = rows.length < PAGE ? hi : rows[rows.length - 1].id
      }
    } catch (err) {
      // the database went away mid-read: the LISTEN connection reports it and seats are closed
      this.opts.log(`live: reading new incidents failed: ${(err as Error).message}`)
      this.dropAll()
    } finally {
      this.pumping = false
    }
  }

  private broadcast(rows: Row[]): void {
    const byDistrict = new Map<number, Row[]>()
    for (const r of rows) {
      const list = byDistrict.get(r.district_id)
      if (list) list.push(r)
      else byDistrict.set(r.district_id, [r])
    }
    for (const [district, list] of byDistrict) {
      const text = list.map(liveEvent).join('')
      const first = list[0].id, last = list[list.length - 1].id
      for (const s of this.seats) {
        if (s.district !== district || !s.live || s.lastId >= last) continue
        // a seat that said it saw further than the pump (another server's ids) gets only the rest
        this.write(s, s.lastId < first ? text : list.filter((r) => r.id > s.lastId).map(liveEvent).join(''))
        s.lastId = last
      }
    }
  }

  /** false (and the seat dropped) when the socket holds too much unsent */
  private write(s: Seat, text: string): boolean {
    if (s.res.destroyed) return false
    s.res.write(text)
    if (s.res.writableLength <= this.opts.maxClientBuffer) return true
    this.drop(s)
    return false
  }

  private drop(s: Seat): void {
    this.seats.delete(s)
    s.res.destroy()
  }

  private dropAll(): void {
    for (const s of [...this.seats]) {
      this.seats.delete(s)
      s.res.end()
    }
  }

  /**
   * Streams district `district`'s new incidents to `res` (headers already sent): first those
   * after `lastId` when the seat gives one, read from the database page by page as its socket
   * takes them, then live ones. Resolves once the seat is live (or gone).
   */
  async attach(res: ServerResponse, district: number, lastId: number | null): Promise<void> {
    const seat: Seat = { district, res, lastId: lastId ?? this.cursor, live: false }
    this.seats.add(seat)
    res.on('close', () => this.seats.delete(seat))
    try {
      for (;;) {
        if (!this.seats.has(seat)) return
        const hi = this.cursor
        // synchronously with the check: from here on the pump sends it everything after `hi`
        if (seat.lastId >= hi) {
          seat.live = true
          return
        }
        const { rows } = await this.db.query<Row>(
          `select ${ROW_COLUMNS} from incidents where district_id = $1 and id > $2 and id <= $3 order by id limit ${PAGE}`,
          [district, seat.lastId, hi])
        if (!this.seats.has(seat)) return
        const more = res.write(rows.map(liveEvent).join(''))
        seat.lastId = rows.length < PAGE ? hi : rows[rows.length - 1].id
        if (!more) {
          await new Promise<void>((resolve) => {
            const done = () => {
              res.off('drain', done)
              res.off('close', done)
              resolve()
            }
            res.on('drain', done)
            res.on('close', done)
          })
        }
      }
    } catch (err) {
      this.opts.log(`live: replay failed: ${(err as Error).message}`)
      this.drop(seat)
    }
  }

  async close(): Promise<void> {
    this.closed = true
    clearInterval(this.heartbeat)
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.dropAll()
    const c = this.listener
    this.listener = null
    if (c) {
      c.removeAllListeners('notification')
      await c.query(`unlisten ${LIVE_CHANNEL}`).catch(() => {})
      c.release()
    }
  }
}
