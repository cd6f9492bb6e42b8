/**
 * The app the server serves: dist/, built with vite first when missing or older than its
 * sources (the same staleness test as the command line's bundle). The server and command-line
 * code do not go into the app, so changes there do not rebuild it.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../cli/repo-root'
import { isStale } from '../cli/staleness.mjs'

export const DIST_DIR = join(REPO_ROOT, 'dist')

function appInputs(): string[] {
  const src = join(REPO_ROOT, 'src')
  return [
    ...readdirSync(src).filter((e) => e !== 'server' && e !== 'cli').map((e) => join(src, e)),
    ...['index.html', 'public', 'geodata/demo', 'package.json', 'vite.config.ts'].map((p) => join(REPO_ROOT, p)),
  ]
}

/** Builds dist/ when stale; returns whether it did. */
export function ensureAppBuilt(log: (s: string) => void, distDir = DIST_DIR): boolean {
  if (!isStale(join(distDir, 'index.html'), appInputs())) return false
  log(`building the app into ${distDir} (vite build) …`)
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', distDir, '--emptyOutDir'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  if (r.status !== 0) throw new Error(`vite build failed (${r.status ?? r.signal})`)
  return true
}
