/**
 * What the scene and plan routes share: the district's list counters (the ETag the seats poll
 * with), refusals that roll the transaction back, and the checks every body goes through.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type pg from 'pg'

export type SeatList = 'scenes' | 'plans'

/** A write refused after its transaction began: thrown so that asUser rolls everything back, then sent. */
export class Refusal extends Error {
  constructor(readonly status: number, readonly body: Record<string, unknown>) {
    super(String(body.error))
  }
}

export const refuse = (status: number, error: string, extra: Record<string, unknown> = {}) => new Refusal(status, { error, ...extra })

/** Runs a route's work; a Refusal (its transaction already rolled back) becomes its answer. */
export async function answer<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await work()
  } catch (e) {
    if (e instanceof Refusal) return reply.code(e.status).send(e.body)
    throw e
  }
}

const COLUMN: Record<SeatList, string> = { scenes: 'scenes_revision', plans: 'plans_revision' }

/**
 * Bumps the district's counter of `list` and returns the new value. It also locks the
 * district's row until the transaction ends, so the writes to one district's list run one after
 * another: a reorder and an insert cannot cross, and a read of the counter never runs ahead.
 */
export async function bumpList(c: pg.ClientBase, districtId: number, list: SeatList): Promise<number> {
  const col = COLUMN[list]
  const { rows } = await c.query<{ r: number }>(
    `insert into seat_lists (district_id, ${col}) values ($1, 1)
     on conflict (district_id) do update set ${col} = seat_lists.${col} + 1 returning ${col} as r`, [districtId])
  return rows[0].r
}

export async function listRevision(c: pg.ClientBase, districtId: number, list: SeatList): Promise<number> {
  const { rows } = await c.query<{ r: number }>(`select ${COLUMN[list]} as r from seat_lists where district_id = $1`, [districtId])
  return rows[0]?.r ?? 0
}

export const listTag = (districtId: number, list: SeatList, revision: number) => `"${list}-${districtId}-${revision}"`

/** Sets the list's ETag; true when the request already holds it (answer 304). */
export function notModified(req: FastifyRequest, reply: FastifyReply, tag: string): boolean {
  reply.header('etag', tag).header('cache-control', 'no-cache')
  const held = req.headers['if-none-match']
  return typeof held === 'string' && held.split(',').some((t) => t.trim() === tag)
}

export const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

/** A revision a body names: a whole number ≥ 1 as JSON gives it (never a text, a fraction or a huge number). */
export function revisionField(body: Record<string, unknown>, field: string): number {
  const v = body[field]
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 2 ** 31 - 1) throw refuse(400, `${field}: the revision this write is based on, a whole number ≥ 1`)
  return v
}

/** A revision in the query (?baseRevision=): digits only. */
export function revisionQuery(v: unknown, field: string): number {
  if (typeof v !== 'string' || !/^[1-9]\d{0,9}$/.test(v) || Number(v) > 2 ** 31 - 1) throw refuse(400, `${field}: the revision this write is based on, a whole number ≥ 1`)
  return Number(v)
}

/** Text the database keeps as given: markup and SQL are just characters, but NUL and other control characters are refused. */
export function textField(v: unknown, field: string, max: number): string {
  if (typeof v !== 'string' || v.trim() === '' || v.length > max || /[\u0000-\u001f\u007f]/.test(v)) {
    throw refuse(400, `${field}: a non-empty text of at most ${max} characters without control characters`)
  }
  return v
}

/** jsonb cannot hold NUL in a string: refused here with a message rather than by the database with a 500. */
export function noNul(json: unknown, what: string): void {
  if (JSON.stringify(json).includes('\\u0000')) throw refuse(400, `${what}: a text holds the NUL character`)
}

export const KEY_PARAMS = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1 }, key: { type: 'string', minLength: 1, maxLength: 100 } },
  required: ['id', 'key'],
} as const
