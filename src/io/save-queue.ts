/**
 * One writer for many records: writes run one after another, and edits made while a write is in
 * flight coalesce into the next write of that record, which takes the record as it is *then*.
 * "saved" is reported only when every edit made so far has been committed, so the UI never says
 * saved for a state that is still only in memory.
 *
 * A failed write keeps its record unwritten and pauses the queue (the next edit or `retry()`
 * resumes it and writes the whole record again); a write the store refuses as a conflict blocks
 * only that record until `resolve()` (the user chose what to keep).
 */
export type SaveState = 'idle' | 'saving' | 'saved' | 'error' | 'conflict'

export interface SaveQueue<K> {
  /** `key` changed: write it (now, or after the write in flight). */
  mark(key: K): void
  /** After an error: write everything unwritten again. */
  retry(): void
  /** The conflict on `key` is settled (reloaded, or saved under another key): stop tracking it. */
  resolve(key: K): void
  /** Runs `fn` between writes (deletes, reloads), so it never interleaves with a write. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>
  /** whether `key` has an edit not yet committed (queued, in flight, failed or in conflict) */
  unwritten(key: K): boolean
  /** whether anything at all is unwritten */
  anyUnwritten(): boolean
  readonly state: SaveState
  /** the error of the last failed write while state is 'error' */
  readonly error: unknown
  /** Resolves when no write is queued or running (failed and blocked ones stay as they are). */
  idle(): Promise<void>
}

export interface SaveQueueOptions<K> {
  write(key: K): Promise<void>
  isConflict(e: unknown): boolean
  /** called after every change of state or of what is unwritten */
  onChange?(q: SaveQueue<K>): void
}

export function createSaveQueue<K>(opts: SaveQueueOptions<K>): SaveQueue<K> {
  const dirty = new Set<K>()
  const blocked = new Set<K>()
  let current: { key: K } | null = null
  let draining = false
  let paused = false
  let error: unknown = null
  let wrote = false
  let chain: Promise<unknown> = Promise.resolve()

  const notify = () => opts.onChange?.(q)

  function kick() {
    if (draining || paused || dirty.size === 0) return
    draining = true
    chain = chain.then(drain)
  }

  async function drain() {
    try {
      while (!paused) {
        const next = dirty.values().next()
        if (next.done) break
        const key = next.value
        dirty.delete(key)
        current = { key }
        notify()
        try {
          await opts.write(key)
          wrote = true
        } catch (e) {
          if (opts.isConflict(e)) blocked.add(key)
          else {
            // an edit made meanwhile is in `dirty` already; either way the whole record is written next time
            dirty.add(key)
            error = e
            paused = true
          }
        } finally {
          current = null
        }
      }
    } finally {
      draining = false
      notify()
    }
  }

  const q: SaveQueue<K> = {
    mark(key) {
      blocked.delete(key)
      dirty.add(key)
      paused = false
      error = null
      notify()
      kick()
    },
    retry() {
      paused = false
      error = null
      notify()
      kick()
    },
    resolve(key) {
      blocked.delete(key)
      dirty.delete(key)
      notify()
    },
    exclusive(fn) {
      const p = chain.then(fn)
      chain = p.catch(() => {})
      return p
    },
    unwritten: (key) => dirty.has(key) || blocked.has(key) || current?.key === key,
    anyUnwritten: () => dirty.size > 0 || blocked.size > 0 || current !== null,
    get state(): SaveState {
      if (blocked.size) return 'conflict'
      if (paused) return 'error'
      if (dirty.size || current) return 'saving'
      return wrote ? 'saved' : 'idle'
    },
    get error() {
      return error
    },
    async idle() {
      while (draining) await chain
    },
  }
  return q
}
