/**
 * The text of each page of a PDF the app made, without white space: text runs split where the
 * font changes (CJK / Latin), so the browser tests compare texts without spaces.
 */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes) }).promise
  const pages: string[] = []
  for (let i = 1; i <= doc.numPages; i++) {
    const items = (await (await doc.getPage(i)).getTextContent()).items as { str: string }[]
    pages.push(items.map((x) => x.str).join('').replace(/\s+/g, ''))
  }
  await doc.destroy()
  return pages
}
