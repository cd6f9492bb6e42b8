import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'

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
    console.log('chromium missing: apt-get install -y chromium')
    spawnSync('apt-get', ['update'], { stdio: 'inherit' })
    spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`)
}

export async function launchChromium(): Promise<Browser> {
  ensureChromium()
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
}

/** Serves the production build with `vite preview` and resolves once it answers. */
export async function startPreview(port = 4173, outDir = 'dist'): Promise<{ url: string; stop: () => void; process: ChildProcess }> {
  if (!existsSync(`${outDir}/index.html`)) throw new Error(`${outDir}/ is missing: run \`npm run build\` first`)
  const child = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', outDir], {
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
