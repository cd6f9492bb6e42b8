/**
 * What a writer of incidents does before it inserts (migration 010): take 005's insert turn
 * now, so that its look-ups of the stored source ids (incident_keys) see every insert
 * committed before it, and have the months it brings partitioned.
 */
import type pg from 'pg'

/** 005's lock: inserting transactions take turns, so that event ids become visible in order */
const INSERT_TURN = 1885957230

export async function prepareIncidentInsert(c: pg.ClientBase, time: Float64Array, count: number): Promise<void> {
  await c.query('select pg_advisory_xact_lock($1)', [INSERT_TURN])
  let lo = Infinity, hi = -Infinity
  for (let i = 0; i < count; i++) {
    if (time[i] < lo) lo = time[i]
    if (time[i] > hi) hi = time[i]
  }
  if (lo <= hi) await c.query('select pingan_incidents_partitions(to_timestamp($1::float8 / 1000), to_timestamp($2::float8 / 1000))', [lo, hi])
}
