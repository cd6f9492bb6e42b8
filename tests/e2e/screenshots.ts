/**
 * `npm run screenshots`: takes the README's pictures again. Runs the browser tests that take them
 * (against the build in E2E_OUTDIR, default dist/) and, only if they all pass, copies the
 * pictures from tests/e2e/output/readme/ to tests/e2e/screenshots/, the committed ones.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, rmSync, statSync } from 'node:fs'
import { COMMITTED_SHOTS_DIR, README_SHOTS, README_SHOTS_DIR } from './readme-shots'

rmSync(README_SHOTS_DIR, { recursive: true, force: true })
const tests = [...new Set(Object.values(README_SHOTS))]
const run = spawnSync(process.execPath, ['--import', 'tsx', 'tests/e2e/run.ts', ...tests], { stdio: 'inherit' })
if (run.status !== 0) {
  console.error('screenshots: a test that takes a README picture failed; tests/e2e/screenshots/ left as it was')
  process.exit(1)
}
const missing = Object.keys(README_SHOTS).filter((name) => !existsSync(`${README_SHOTS_DIR}/${name}`))
if (missing.length > 0) {
  console.error(`screenshots: no picture was taken for ${missing.join(', ')} (tests/e2e/readme-shots.ts names the test that should)`)
  process.exit(1)
}
for (const name of Object.keys(README_SHOTS)) {
  copyFileSync(`${README_SHOTS_DIR}/${name}`, `${COMMITTED_SHOTS_DIR}/${name}`)
  console.log(`${COMMITTED_SHOTS_DIR}/${name} (${(statSync(`${COMMITTED_SHOTS_DIR}/${name}`).size / 1024).toFixed(0)} KiB)`)
}
