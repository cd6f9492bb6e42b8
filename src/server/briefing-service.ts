/**
 * The server's daily briefings: at the configured local time (briefing-schedule.ts), and once
 * at start when today's time has passed and today's briefing is not there, every district's
 * briefing is claimed in the table (briefings.ts: the unique key makes one server the maker),
 * made by the headless page (briefing-render.ts), and stored, or stored as failed with the
 * error and tried again later, a few times. One district at a time: each is a browser.
 * Every outcome is an audit row of the server's own account.
 */
import { logout, openSession } from './accounts'
import { recordAudit } from './audit'
import { BRIEFING_FORMATS, dueDay, localDay, nextRunAfter, type BriefingFormat, type BriefingSchedule } from './briefing-schedule'
import { renderInChromium, type BriefingRenderer, type RenderOutcome } from './briefing-render'
import { abandonStale, BRIEFING_USER, claimBriefing, ensureBriefingUser, failBriefing, finishBriefing } from './briefings'
import type { Db } from './db'

const HOUR_MS = 3600_000

export interface BriefingServiceOptions {
  db: Db
  /** the daily time and formats; null: no timer (an admin's "make now" still works) */
  schedule: BriefingSchedule | null
  /** the formats "make now" makes when there is no schedule */
  formats?: BriefingFormat[]
  /** the session cookie's name (app.ts SESSION_COOKIE) */
  cookieName: string
  render?: BriefingRenderer
  log?: (s: string) => void
  now?: () => number
  /** tries per briefing and day (default 3) */
  maxAttempts?: number
  /** wait before a failed briefing is tried again (default 10 min) */
  retryMs?: number
  /** a claim older than this was left by a server that stopped (default 30 min: longer than a slow page may take) */
  staleMs?: number
  /** loading and each export (default 3 min) */
  timeoutMs?: number
}

export interface MakeRequest {
  /** make them again when done; only what is not done otherwise */
  force: boolean
  /** only these districts (default every one) */
  districtIds?: number[]
  /** the local day (default today) */
  day?: string
  /** who asked, for the audit row: the schedule when absent */
  requestedBy?: string
}

export interface MadeBriefing { districtId: number; day: string; format: BriefingFormat; status: 'done' | 'failed'; ms?: number; error?: string }

export class BriefingService {
  readonly formats: BriefingFormat[]
  private baseUrl: string | null = null
  private timer: NodeJS.Timeout | null = null
  private retries = new Set<NodeJS.Timeout>()
  private queue: Promise<unknown> = Promise.resolve()
  private stopped = false
  private userId: number | null = null
  private readonly o: Required<Omit<BriefingServiceOptions, 'schedule' | 'formats'>> & Pick<BriefingServiceOptions, 'schedule'>

  constructor(opts: BriefingServiceOptions) {
    this.formats = opts.schedule?.formats ?? opts.formats ?? [...BRIEFING_FORMATS]
    this.o = {
      render: renderInChromium, log: () => {}, now: Date.now, maxAttempts: 3, retryMs: 10 * 60_000, staleMs: 30 * 60_000, timeoutMs: 180_000,
      ...opts,
    }
  }

  /** Once the server listens at `baseUrl`: today's missed briefing now, then the timer. */
  async start(baseUrl: string): Promise<void> {
    this.baseUrl = baseUrl
    const { schedule } = this.o
    await abandonStale(this.o.db, localDay(this.o.now()), this.o.staleMs)
    if (!schedule) return
    const at = `${String(Math.floor(schedule.minuteOfDay / 60)).padStart(2, '0')}:${String(schedule.minuteOfDay % 60).padStart(2, '0')}`
    this.o.log(`daily briefings at ${at} Asia/Shanghai (${schedule.formats.join(', ')})`)
    this.tick()
  }

  /**
   * Makes what is due and not made, then sleeps until the next time, an hour at most: a clock
   * that was set, or a machine that slept, is caught up within the hour.
   */
  private tick(): void {
    const { schedule } = this.o
    if (this.stopped || !schedule) return
    const now = this.o.now()
    const day = dueDay(schedule.minuteOfDay, now)
    if (day) void this.make({ force: false, day }).catch((e) => this.o.log(`briefings: ${(e as Error).message}`))
    const wait = Math.min(nextRunAfter(schedule.minuteOfDay, now) - now, HOUR_MS)
    this.timer = setTimeout(() => this.tick(), Math.max(1000, wait))
    // the listening socket keeps the process; a timer alone must not (a test's server closed)
    this.timer.unref()
  }

  /**
   * Claims and makes the day's briefings of the districts (queued behind any in progress);
   * resolves with what became of each claimed one. Nothing claimed: nothing made.
   */
  make(req: MakeRequest): Promise<MadeBriefing[]> {
    const run = this.queue.then(() => this.makeNow(req))
    this.queue = run.catch(() => {})
    return run
  }

  private async makeNow(req: MakeRequest): Promise<MadeBriefing[]> {
    if (this.stopped) return []
    const { db } = this.o
    const day = req.day ?? localDay(this.o.now())
    // every time: the grants follow districts added since
    this.userId = await ensureBriefingUser(db)
    const { rows: districts } = await db.query<{ id: number; name: string }>(
      'select id, name from districts where ($1::int[] is null or id = any($1)) order by id', [req.districtIds ?? null])
    const made: MadeBriefing[] = []
    for (const d of districts) {
      if (this.stopped) break
      made.push(...await this.makeDistrict(d, day, req))
    }
    return made
  }

  private async makeDistrict(d: { id: number; name: string }, day: string, req: MakeRequest): Promise<MadeBriefing[]> {
    const { db, maxAttempts, staleMs } = this.o
    const claimed = new Map<BriefingFormat, { id: number; attempt: number }>()
    for (const format of this.formats) {
      const c = await claimBriefing(db, d.id, day, format, { force: req.force, maxAttempts, staleMs })
      if (c) claimed.set(format, c)
    }
    if (claimed.size === 0) return []
    const formats = [...claimed.keys()]
    const title = `${d.name} 每日简报 ${day}`
    let outcome: RenderOutcome
    const started = Date.now()
    let token: string | null = null
    try {
      if (!this.baseUrl) throw new Error('the server is not listening yet')
      const scene = (await db.query<{ scene: unknown }>('select scene from scenes where district_id = $1 order by position, id limit 1', [d.id])).rows[0]?.scene
      token = await openSession(db, this.userId!, Math.ceil((2 + formats.length) * this.o.timeoutMs / 60_000))
      outcome = await this.o.render({
        baseUrl: this.baseUrl, session: { name: this.o.cookieName, token }, districtId: d.id, districtName: d.name, title, formats, scene, day, timeoutMs: this.o.timeoutMs,
      })
    } catch (e) {
      outcome = Object.fromEntries(formats.map((f) => [f, e as Error]))
    } finally {
      if (token) await logout(db, token).catch(() => {})
    }
    const out: MadeBriefing[] = []
    let retry = false
    for (const [format, { id, attempt }] of claimed) {
      const r = outcome[format] ?? new Error('the page made no file')
      const detail: Record<string, unknown> = { day, format, attempt, ...(req.requestedBy && { requestedBy: req.requestedBy }) }
      if (r instanceof Error) {
        await failBriefing(db, id, r.message)
        out.push({ districtId: d.id, day, format, status: 'failed', error: r.message })
        await this.audit('briefing.failed', d.id, { ...detail, error: r.message.slice(0, 500) })
        this.o.log(`briefing ${d.name} ${day} ${format} failed (try ${attempt} of ${maxAttempts}): ${r.message}`)
        if (attempt < maxAttempts) retry = true
      } else {
        await finishBriefing(db, id, { bytes: r.bytes, title, ms: r.ms })
        out.push({ districtId: d.id, day, format, status: 'done', ms: r.ms })
        await this.audit('briefing.made', d.id, { ...detail, size: r.bytes.byteLength, ms: r.ms })
      }
    }
    this.o.log(`briefing ${d.name} ${day}: ${out.map((m) => `${m.format} ${m.status}`).join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    if (retry && !this.stopped) {
      const t = setTimeout(() => {
        this.retries.delete(t)
        void this.make({ force: false, day, districtIds: [d.id] }).catch(() => {})
      }, this.o.retryMs)
      t.unref()
      this.retries.add(t)
    }
    return out
  }

  private audit(action: string, districtId: number, detail: Record<string, unknown>): Promise<void> {
    return recordAudit(this.o.db, { userId: this.userId, userName: BRIEFING_USER, address: 'server', action, districtId, detail })
  }

  /** Resolves once the briefings queued so far are made (or failed). */
  async settled(): Promise<void> {
    let seen: Promise<unknown>
    do {
      seen = this.queue
      await seen
    } while (seen !== this.queue)
  }

  /** Stops the timers and waits for the briefing in progress. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    for (const t of this.retries) clearTimeout(t)
    this.retries.clear()
    await this.queue
  }
}
