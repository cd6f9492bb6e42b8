// Runs chains of npm scripts side by side, for `npm test` on a 2-core machine: the unit tests run
// in one vitest worker (vitest keeps a core free when there are two), so the other core does the
// checks, the build and the server tests meanwhile instead of waiting.
//
//   node tests/steps.mjs "lint:deps typecheck build:bundle test:server" "test:unit"
//
// Each argument is a chain: its scripts run one after another, and a chain stops at its first
// failure. Chains run at the same time; the first (the longest) streams its output, the others
// are held back and printed whole as each of their scripts ends, so no two logs interleave. Each
// script's time is printed. Exits non-zero when any script failed, after every chain has ended.
import { spawn } from 'node:child_process'

const chains = process.argv.slice(2).map((a) => a.split(/\s+/).filter(Boolean))
if (chains.length === 0 || chains.some((c) => c.length === 0)) {
  console.error('usage: node tests/steps.mjs "script script …" ["script …" …]')
  process.exit(2)
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const running = new Set()
// a stopped run (CI cancelling, a kill) must not leave a chain's servers or browsers behind
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of running) child.kill(signal)
    process.exit(130)
  })
}

/** Runs one npm script; streamed, or collected and printed at its end. */
function run(script, stream) {
  return new Promise((done) => {
    const t0 = Date.now()
    const child = spawn(npm, ['run', script], { stdio: stream ? 'inherit' : ['ignore', 'pipe', 'pipe'] })
    running.add(child)
    const held = []
    if (!stream) {
      child.stdout.on('data', (d) => held.push(d))
      child.stderr.on('data', (d) => held.push(d))
    }
    child.on('close', (code, signal) => {
      running.delete(child)
      const seconds = ((Date.now() - t0) / 1000).toFixed(1)
      if (!stream) process.stdout.write(Buffer.concat(held))
      const ok = code === 0
      console.log(`${ok ? '✓' : '✗'} npm run ${script}: ${ok ? '' : `failed (${signal ?? `exit ${code}`}), `}${seconds} s`)
      done(ok)
    })
  })
}

async function runChain(scripts, stream) {
  for (const s of scripts) if (!(await run(s, stream))) return false
  return true
}

const t0 = Date.now()
const results = await Promise.all(chains.map((c, i) => runChain(c, i === 0)))
console.log(`steps took ${((Date.now() - t0) / 1000).toFixed(0)} s: ${chains.map((c) => c.join(' → ')).join(' ∥ ')}`)
process.exit(results.every(Boolean) ? 0 : 1)
