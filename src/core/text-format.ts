/** Small text helpers shared by every layer (core imports nothing of the app, so they live here). */

/** The message of whatever was thrown, for the UI and the command line. */
export const errorMessage = (e: unknown): string =>
  e instanceof Error || (typeof DOMException !== 'undefined' && e instanceof DOMException) ? e.message || e.name : String(e)

/** Two-digit zero-padded number, for dates and times. */
export const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`)
