/**
 * Who a piece of server work acts for, carried along the request (or the command line's run)
 * without threading it through every call: db.ts puts it into each transaction's settings,
 * where the audit trigger (migrations/003_audit.sql) reads it. Routes written by anyone get
 * their writes attributed without doing anything.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

export interface Actor {
  /** users.id of the signed-in user; absent before the login and on the command line */
  userId?: number
  /** the name to record when there is no user row (the command line's OS account) */
  userName?: string
  /** the request's IP address, 'cli' for the command line */
  address: string
}

const store = new AsyncLocalStorage<Actor>()

/** The actor of the work in progress; undefined outside a request or runAs. */
export function currentActor(): Actor | undefined {
  return store.getStore()
}

/** Runs `fn` (and everything it starts) on behalf of `actor`. */
export function runAs<T>(actor: Actor, fn: () => T): T {
  return store.run(actor, fn)
}

/**
 * onRequest hook, first of all: the rest of the request runs as its client's address and,
 * once the session hook has found one, its user.
 */
export function bindRequestActor(req: { ip: string; user: { id: number } | null }, _reply: unknown, done: () => void): void {
  runAs({ address: req.ip, get userId() { return req.user?.id } }, done)
}
