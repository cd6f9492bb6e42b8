/**
 * Streams rows into a table with COPY … FROM STDIN (pg-copy-streams), in chunks that respect
 * the socket's back-pressure. An abort signal fails the COPY, and with it the caller's
 * transaction: a load stopped half-way leaves nothing behind.
 */
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'

const CHUNK_BYTES = 1 << 20

export class LoadAborted extends Error {
  constructor() {
    super('load aborted')
  }
}

/** `rows(i)` gives row i's COPY text line (copy-text.ts); `count` rows are sent. */
export async function copyRows(c: pg.ClientBase, sql: string, count: number, row: (i: number) => string, signal?: AbortSignal): Promise<void> {
  let i = 0
  const source = new Readable({
    read() {
      if (signal?.aborted) {
        this.destroy(new LoadAborted())
        return
      }
      if (i >= count) {
        this.push(null)
        return
      }
      let s = ''
      while (i < count && s.length < CHUNK_BYTES) s += row(i++)
      this.push(s)
    },
  })
  const sink = c.query(copyFrom(sql))
  try {
    // an abort destroys the COPY stream, which sends CopyFail: the server ends the COPY with an
    // error, and the client runs the caller's rollback after that (it queues queries until then)
    await pipeline(source, sink)
  } catch (err) {
    throw signal?.aborted ? new LoadAborted() : err
  }
}
