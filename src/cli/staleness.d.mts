// Types of staleness.mjs.
export function newestMtime(path: string): number
export function isStale(built: string, inputs: string[]): boolean
