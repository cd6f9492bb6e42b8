/** The two WOFF files of the self-hosted Noto Sans SC the PDF embeds, served by the app itself. */
import cjkUrl from '@noto-sc-files/noto-sans-sc-chinese-simplified-400-normal.woff?url'
import latinUrl from '@noto-sc-files/noto-sans-sc-latin-400-normal.woff?url'
import type { PdfFonts } from './briefing-model'

let fonts: Promise<PdfFonts> | null = null

export function loadPdfFonts(): Promise<PdfFonts> {
  const get = async (url: string) => {
    const res = await fetch(url)
    if (!res.ok) throw new Error(`font ${url}: HTTP ${res.status}`)
    return new Uint8Array(await res.arrayBuffer())
  }
  fonts ??= Promise.all([get(cjkUrl), get(latinUrl)]).then(([cjk, latin]) => ({ cjk, latin }))
  // a failed fetch is tried again next time
  fonts.catch(() => { fonts = null })
  return fonts
}
