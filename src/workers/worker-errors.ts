/** The errors a worker client hands its caller: always an Error, and cancellation named as fetch names it. */

/** An Error named 'AbortError', which callers tell apart from a failure. */
export function abortError(message: string): Error {
  const e = new Error(message)
  e.name = 'AbortError'
  return e
}

/** What was thrown (through Comlink it may be anything), as an Error. */
export const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)))
