/**
 * The repository (package.json, node_modules, geodata/) found from this module's file, whether
 * it runs as TypeScript from src/cli/ or bundled into dist-node/: the nearest folder upwards
 * that holds this package's package.json, so no path depends on where the code was built to.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The package's folder above `from`; the current folder when there is none (a copied bundle). */
export function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'pingan-map') return dir
      } catch {
        /* not ours: keep looking */
      }
    }
    if (dirname(dir) === dir) return process.cwd()
  }
}

export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)))
