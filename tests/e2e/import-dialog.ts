/** Driving the data dialog from browser tests and benchmarks. */
import type { Page } from 'playwright-core'

export interface DialogImport {
  count: number
  applied: boolean
  /** the import's own time as the app measured it (start → on the map and stored) */
  ms: number
}

/** Opens the dialog and hands it a file; resolves when the mapping step shows its preview. */
export async function pickFile(page: Page, file: string, kind?: string): Promise<void> {
  if (!(await page.locator('[data-testid="data-dialog"]').count())) await page.locator('[data-testid="open-data"]').click()
  await page.locator('[data-testid="import-file"]').setInputFiles(file)
  const previewed = '[data-testid="data-dialog"][data-step="map"][data-busy="false"]'
  await page.waitForSelector(previewed, { timeout: 60_000 })
  if (kind && (await page.locator('[data-testid="import-kind"]').inputValue()) !== kind) {
    await page.locator('[data-testid="import-kind"]').selectOption(kind)
    // the preview is read again for the new kind
    await page.waitForSelector(`${previewed}[data-preview-kind="${kind}"]`, { timeout: 60_000 })
  }
}

/** Starts the import of the picked file and waits for its result. */
export async function startImport(page: Page, timeout = 300_000): Promise<DialogImport> {
  await page.locator('[data-testid="import-start"]').click()
  await page.waitForSelector('[data-testid="data-dialog"][data-step="done"]', { timeout })
  const el = page.locator('[data-testid="import-result"]')
  return {
    count: Number(await el.getAttribute('data-count')),
    applied: (await el.getAttribute('data-applied')) === 'true',
    ms: Number(await el.getAttribute('data-ms')),
  }
}

export async function closeDialog(page: Page): Promise<void> {
  await page.locator('[data-testid="import-done"], [data-testid="data-close"]').first().click()
  await page.waitForSelector('[data-testid="data-dialog"]', { state: 'detached' })
}

/**
 * Watches the page through an import: animation frames until the result shows, main-thread tasks
 * over 50 ms (PerformanceObserver), and IndexedDB writes made on the main thread.
 */
const WATCH_IMPORT = `(() => {
  const f = (window.__frames = { n: 0, maxGap: 0, last: performance.now(), on: true, doneAt: Infinity, tasks: [], writes: 0 })
  new PerformanceObserver((list) => { for (const e of list.getEntries()) f.tasks.push([e.startTime, e.duration]) }).observe({ type: 'longtask' })
  for (const m of ['put', 'add']) {
    const original = IDBObjectStore.prototype[m]
    IDBObjectStore.prototype[m] = function (...args) { if (this.name === 'datasets') f.writes++; return original.apply(this, args) }
  }
  const tick = (t) => {
    if (document.querySelector('[data-testid="data-dialog"]')?.getAttribute('data-step') === 'done') { f.doneAt = t; return }
    f.maxGap = Math.max(f.maxGap, t - f.last); f.last = t; f.n++
    if (f.on) requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
})()`

/** Starts watching, before the import starts. */
export const watchImport = (page: Page) => page.evaluate(WATCH_IMPORT)

export interface ImportWatch {
  frames: number
  maxGap: number
  /** from the last frame before the result to the first one after it: the hand-over to the map */
  handOverGap: number
  writes: number
  tasks: [number, number][]
  phases: Record<string, [number, number]>
}

/** What the watch saw; waits for the first frame after the result. */
export const importWatched = (page: Page): Promise<ImportWatch> => page.evaluate(() => new Promise<ImportWatch>((resolve) => requestAnimationFrame((t) => {
  const f = (window as unknown as { __frames: { n: number; maxGap: number; last: number; writes: number; tasks: [number, number][] } }).__frames
  const phases: Record<string, [number, number]> = {}
  for (const m of performance.getEntriesByType('measure')) if (m.name.startsWith('import:')) phases[m.name.slice(7)] = [m.startTime, m.startTime + m.duration]
  resolve({ frames: f.n, maxGap: Math.round(f.maxGap), handOverGap: Math.round(t - f.last), writes: f.writes, tasks: f.tasks, phases })
})))

/**
 * The long tasks of an import, put down to the phase they overlap. The app leaves its phases on
 * the timeline: import:read and import:store while the worker works, import:apply for the UI
 * thread's own part. The task that takes the worker's result starts (with the message) before
 * the app can mark it: it is the one holding import:apply, the hand-over of the columns to the
 * map (and the drawing they start in the same task), not the store.
 */
export function longTasksByPhase(w: ImportWatch): { inReadOrStore: [number, number][]; handOver: [number, number][] } {
  const { read, store, apply } = w.phases
  if (!read || !store || !apply) throw new Error(`the import left no phases on the timeline: ${Object.keys(w.phases).join(', ') || 'none'}`)
  const overlaps = ([s, d]: [number, number], [a, b]: [number, number]) => s < b && s + d > a
  const handOver = w.tasks.filter(([s, d]) => s <= apply[0] && s + d >= apply[1])
  const inReadOrStore = w.tasks.filter((t) => !handOver.includes(t) && (overlaps(t, read) || overlaps(t, store)))
  return { inReadOrStore, handOver }
}
