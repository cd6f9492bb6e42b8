/**
 * What the API routes read out of a request: the district in the path (and whether the user
 * sees it), times, categories; a bad value is a 400 that says what is expected.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { CATEGORIES } from '../core/incidents'
import type { Db } from './db'

export const ID_PARAMS = { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] } as const

export function districtParam(req: FastifyRequest): number {
  return (req.params as { id: number }).id
}

/** epoch ms from a query value (a number of ms, or an ISO date/time); undefined when absent. */
export function timeParam(v: unknown, name: string): number | undefined {
  if (v === undefined || v === '') return undefined
  const n = typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : Date.parse(String(v))
  if (!Number.isFinite(n)) throw badRequest(`${name}: not a time (epoch ms or ISO 8601)`)
  return n
}

export function badRequest(message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode: 400 })
}

/** category codes of a comma-separated list of names; undefined when absent (all). */
export function categoriesParam(v: string | undefined): number[] | undefined {
  if (!v) return undefined
  return v.split(',').map((name) => {
    const k = (CATEGORIES as readonly string[]).indexOf(name)
    if (k < 0) throw badRequest(`categories: ${JSON.stringify(name)} is not one of ${CATEGORIES.join(', ')}`)
    return k
  })
}

/** 404 for a district the user may not see: the same answer as for one that does not exist. */
export async function visibleDistrict(c: { query: Db['query'] }, id: number, reply: FastifyReply): Promise<boolean> {
  const { rowCount } = await c.query('select 1 from districts where id = $1', [id])
  if (rowCount === 0) {
    reply.code(404).send({ error: 'no such district' })
    return false
  }
  return true
}
