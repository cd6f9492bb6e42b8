import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * Path of a file in the project's real public data, `../shared/data` beside the repository
 * (see its PROVENANCE.md). Tests run from the repository root.
 */
export function sharedData(rel: string): string {
  const path = resolve(process.cwd(), '..', 'shared', 'data', rel)
  if (!existsSync(path)) throw new Error(`real test data missing: ${path} (the shared/ folder must sit beside the repository)`)
  return path
}
