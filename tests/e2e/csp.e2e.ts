/**
 * The Content-Security-Policy as the browser enforces it: the same policy in the header and the
 * meta tag, requests to other origins refused by the policy itself (the machine has no network,
 * so a plain network error would prove nothing), and the app working under it.
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { assert, waitForMap, type Ctx } from './app.e2e'
import { parseAppConfig } from '../../src/core/app-config'
import { contentSecurityPolicy } from '../../src/core/csp'

const FOREIGN = 'http://example.com'

/** Every securitypolicyviolation of the page, from before its first script runs. */
const RECORD_VIOLATIONS = `(() => {
  window.__cspViolations = []
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push({ directive: e.effectiveDirective, blocked: e.blockedURI })
  })
})()`

interface Violation { directive: string; blocked: string }
const violations = (page: Page) => page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations)

async function openRecorded(ctx: Ctx) {
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 })
  await context.addInitScript(RECORD_VIOLATIONS)
  const page = await context.newPage()
  const requests: string[] = []
  const problems: string[] = []
  /** url → the network error of each request that failed */
  const failures = new Map<string, string>()
  page.on('request', (r) => requests.push(r.url()))
  page.on('requestfailed', (r) => failures.set(r.url(), r.failure()?.errorText ?? ''))
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
  return { page, requests, failures, problems, close: () => context.close() }
}

const metaPolicy = (html: string) => [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/gi)].map((m) => m[1])

export const CSP_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  'CSP: the header and the one meta tag carry the policy built from config.json': async (ctx) => {
    const expected = contentSecurityPolicy(parseAppConfig(JSON.parse(readFileSync('public/config.json', 'utf8'))).config)
    assert(/script-src 'self'(;|$)/.test(expected) && !/unsafe-eval/.test(expected), `scripts are not same-origin only: ${expected}`)
    const res = await fetch(`${ctx.baseUrl}/`)
    const html = await res.text()
    const metas = metaPolicy(html)
    assert(metas.length === 1, `expected one meta tag, found ${metas.length}`)
    assert(metas[0] === expected, `meta tag policy\n  ${metas[0]}\nis not\n  ${expected}`)
    assert(res.headers.get('content-security-policy') === expected, `header policy\n  ${res.headers.get('content-security-policy')}\nis not\n  ${expected}`)
    // every response carries it: a script, the config and the live simulator's snapshot and stream
    const script = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1]
    assert(script, 'no module script in the page')
    for (const path of [script, '/config.json', '/live/incidents.csv']) {
      const r = await fetch(new URL(path, ctx.baseUrl))
      await r.arrayBuffer()
      assert(r.headers.get('content-security-policy') === expected, `${path} is served without the policy header`)
    }
    const abort = new AbortController()
    const sse = await fetch(`${ctx.baseUrl}/live/incidents`, { signal: abort.signal })
    const sseHeader = sse.headers.get('content-security-policy')
    abort.abort()
    assert(sseHeader === expected, `the live event stream is served without the policy header (${sseHeader})`)
  },

  'CSP refuses fetch, image, WebSocket, data: worker, inline script and eval': async (ctx) => {
    const { page, requests, failures, close } = await openRecorded(ctx)
    try {
      await page.goto(`${ctx.baseUrl}/`, { waitUntil: 'domcontentloaded' })
      const outcome = await page.evaluate(async (foreign) => {
        const w = window as unknown as { __cspRan?: boolean }
        const results: Record<string, string> = {}
        try {
          await fetch(`${foreign}/x`)
          results.fetch = 'loaded'
        } catch (e) {
          results.fetch = String(e)
        }
        results.img = await new Promise<string>((done) => {
          const img = new Image()
          img.onload = () => done('loaded')
          img.onerror = () => done('error')
          img.src = `${foreign}/tile.png`
        })
        try {
          const ws = new WebSocket(foreign.replace(/^http/, 'ws') + '/feed')
          results.ws = await new Promise<string>((done) => {
            ws.onopen = () => done('open')
            ws.onerror = () => done('error')
          })
        } catch (e) {
          results.ws = String(e)
        }
        try {
          const worker = new Worker('data:text/javascript,postMessage(1)')
          results.worker = await new Promise<string>((done) => {
            worker.onmessage = () => done('ran')
            worker.onerror = () => done('error')
            setTimeout(() => done('silent'), 2000)
          })
        } catch (e) {
          results.worker = String(e)
        }
        const s = document.createElement('script')
        s.textContent = 'window.__cspRan = true'
        document.head.append(s)
        results.inline = w.__cspRan ? 'ran' : 'blocked'
        try {
          results.eval = String((0, eval)('1 + 1'))
        } catch (e) {
          results.eval = String(e)
        }
        // violation events are dispatched as tasks after the refusal
        await new Promise((r) => setTimeout(r, 300))
        return results
      }, FOREIGN)
      assert(outcome.fetch !== 'loaded' && outcome.img === 'error' && outcome.ws !== 'open', `a foreign request got through: ${JSON.stringify(outcome)}`)
      assert(outcome.worker !== 'ran' && outcome.inline === 'blocked' && outcome.eval !== '2', `foreign code ran: ${JSON.stringify(outcome)}`)
      const seen = await violations(page)
      const refused = (directive: string, blocked: RegExp) => seen.some((v) => v.directive === directive && blocked.test(v.blocked))
      const missing = [
        ['connect-src', /^http:\/\/example\.com\/x/],
        ['img-src', /^http:\/\/example\.com\/tile\.png/],
        ['connect-src', /^ws:\/\/example\.com\/feed/],
        ['worker-src', /^data/],
        ['script-src-elem', /^inline$/],
        ['script-src', /^eval$/],
      ].filter(([d, b]) => !refused(d as string, b as RegExp))
      assert(missing.length === 0, `no violation event for ${missing.map(([d, b]) => `${d} ${b}`).join(', ')}; seen ${JSON.stringify(seen)}`)
      // Chromium reports an <img> the policy stopped as a request that failed with the reason "csp"
      // (ERR_BLOCKED_BY_CSP); any other outcome would mean it went to the network
      const blockedByPolicy = (u: string) => /^(csp|net::ERR_BLOCKED_BY_CSP)$/.test(failures.get(u) ?? '')
      const leaked = requests.filter((u) => u.includes('example.com') && !blockedByPolicy(u))
      assert(leaked.length === 0, `requests left for another origin: ${leaked.map((u) => `${u} (${failures.get(u) ?? 'not failed'})`).join(', ')}`)
    } finally {
      await close()
    }
  },

  'CSP: the demo loads and exports PNG and PDF with no violation and no console error': async (ctx) => {
    const { page, requests, problems, close } = await openRecorded(ctx)
    try {
      await page.goto(`${ctx.baseUrl}/`)
      await waitForMap(page)
      const png = await page.evaluate(() => window.pinganAutomation!.snapshot({ format: 'png', preset: 'screen' }))
      assert(png.mime === 'image/png' && png.base64.length > 1000, `PNG export failed: ${png.mime}, ${png.base64.length} base64 chars`)
      // a small sheet: the policy is the same for any size, and the run stays short
      const pdf = await page.evaluate(() => window.pinganAutomation!.snapshot({ format: 'pdf', paper: 'a4', dpi: 96 }))
      assert(pdf.mime === 'application/pdf' && Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString() === '%PDF-', 'PDF export failed')
      const seen = await violations(page)
      assert(seen.length === 0, `policy violations while the app ran: ${JSON.stringify(seen)}`)
      assert(problems.length === 0, `console errors: ${problems.join('\n')}`)
      const foreign = requests.filter((u) => !u.startsWith(`${ctx.baseUrl}/`) && !/^(blob|data):/.test(u))
      assert(foreign.length === 0, `requests to another origin: ${foreign.join(', ')}`)
    } finally {
      await close()
    }
  },
}
