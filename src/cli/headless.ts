/**
 * Headless chromium and the served production build, shared by the `snapshot` command and the
 * browser tests (tests/e2e/chromium.ts re-exports these), so the command never imports tests.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { REPO_ROOT } from './repo-root'

export const CHROMIUM = '/usr/bin/chromium'

/**
 * The repository (vite.config.ts, node_modules, geodata/): `vite preview` must run there, since
 * the config's live simulator reads geodata/demo relative to it, whatever the caller's cwd.
 */
export { REPO_ROOT }
const VITE = resolve(REPO_ROOT, 'node_modules/vite/bin/vite.js')

/** The flags of DEVELOPERS.md: headless Debian chromium that talks to nothing but localhost. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

/** Installs Debian's chromium when missing and we are root (a fresh CI machine); never downloads a browser build. */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return
  if (process.getuid?.() === 0) {
    // stderr: the CLI keeps stdout for results
    console.error('chromium missing: apt-get install -y chromium')
    spawnSync('apt-get', ['update'], { stdio: ['ignore', 2, 2] })
    spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: ['ignore', 2, 2], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`)
}

export async function launchChromium(): Promise<Browser> {
  ensureChromium()
  // loaded here, not at the top: every other command starts without playwright
  const { chromium } = await import('playwright-core')
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
}

/** A TCP port nobody listens on right now (the OS picks it), so a second preview never collides with one on 4173. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.unref()
    server.on('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => (port > 0 ? done(port) : fail(new Error('no free port'))))
    })
  })
}

/** Builds the app into `outDir` (relative to the cwd) with `vite build`; its output goes to stderr. */
export function buildApp(outDir = 'dist'): void {
  const r = spawnSync(process.execPath, [VITE, 'build', '--outDir', resolve(outDir)], { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] })
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status ?? r.signal ?? r.error?.message})`)
  if (!existsSync(resolve(outDir, 'index.html'))) throw new Error(`vite build wrote no ${outDir}/index.html`)
}

/** Serves the production build with `vite preview` and resolves once it answers. */
export async function startPreview(port = 4173, outDir = 'dist'): Promise<{ url: string; stop: () => void; process: ChildProcess }> {
  const dir = resolve(outDir)
  if (!existsSync(`${dir}/index.html`)) throw new Error(`${outDir}/ is missing: run \`npm run build\` first`)
  const child = spawn(process.execPath, [VITE, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', dir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  child.stdout?.on('data', (d) => (log += d))
  child.stderr?.on('data', (d) => (log += d))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    try {
      const res = await fetch(url)
      if (res.ok) break
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill()
      throw new Error(`vite preview did not start:\n${log}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  return { url, stop: () => child.kill(), process: child }
}
