/**
 * The README's pictures. Browser tests take them on every run but write them under
 * tests/e2e/output/readme/ (git-ignored), so that running the tests leaves the work tree clean;
 * `npm run screenshots` runs the tests that take them and copies them to tests/e2e/screenshots/.
 */
import { mkdirSync } from 'node:fs'

export const README_SHOTS_DIR = 'tests/e2e/output/readme'
export const COMMITTED_SHOTS_DIR = 'tests/e2e/screenshots'

/** Each README picture and a part of the name of the test that takes it. */
export const README_SHOTS: Record<string, string> = {
  'demo-1920x1080.png': 'the demo district renders',
  'coverage-gaps-1920x1080.png': 'camera coverage and the gap list',
  'import-mapping-1920x1080.png': 'a GBK, GCJ-02 incident CSV',
  'patrol-1920x1080.png': 'patrol view',
  'patrol-night-1920x1080.png': 'patrol view',
  'plan-edit-1920x1080.png': 'planner: place, turn, move',
  'plan-suggest-1920x1080.png': 'planner: accept three suggestions',
  'desk-1920x1080.png': 'ranking: arrows and sparklines',
  'wall-3840x2160.png': 'wall at 3840×2160',
}

/** Where a test writes README picture `name` (which must be listed above). */
export function readmeShot(name: keyof typeof README_SHOTS & string): string {
  if (!(name in README_SHOTS)) throw new Error(`${name} is not a README picture (tests/e2e/readme-shots.ts)`)
  mkdirSync(README_SHOTS_DIR, { recursive: true })
  return `${README_SHOTS_DIR}/${name}`
}
