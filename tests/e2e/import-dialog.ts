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
