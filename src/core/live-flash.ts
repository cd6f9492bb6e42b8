/** A new live incident as the map flashes it: where, and when it arrived (ms since the epoch). */
export interface Flash { lon: number; lat: number; at: number }

/** How long a new incident flashes on the map. */
export const FLASH_MS = 5000
