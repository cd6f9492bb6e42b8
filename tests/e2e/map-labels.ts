import type { Page } from 'playwright-core'

/** A screen box x0, y0, x1, y1 in CSS pixels. */
export type Box = [number, number, number, number]

/** Web Mercator, 512-pixel tiles (MapLibre's): a lon/lat to screen pixels for a camera read from the URL. */
export function projector(url: string, viewport: { width: number; height: number }) {
  const q = new URL(url).searchParams
  const [clon, clat] = q.get('c')!.split(',').map(Number)
  const scale = 512 * 2 ** Number(q.get('z'))
  const mx = (lon: number) => (lon + 180) / 360
  const my = (lat: number) => (1 - Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) / Math.PI) / 2
  return ([lon, lat]: [number, number]): [number, number] => [(mx(lon) - mx(clon)) * scale + viewport.width / 2, (my(lat) - my(clat)) * scale + viewport.height / 2]
}

/**
 * The street and station names the map draws now (the app's `data-labels` mark: text, point,
 * size, offset, anchor), each with its box computed here: projected from the URL's camera, the
 * text measured by the page's canvas in the label font, one em high. `at`: the URL and the mark
 * read together earlier (a wall may have moved on since).
 */
export async function drawnLabels(page: Page, viewport: { width: number; height: number }, at?: { url: string; labels: string }) {
  const marks: { text: string; lonLat: [number, number]; size: number; offset: [number, number]; anchor: 'middle' | 'start' }[] = JSON.parse(at?.labels ?? await page.evaluate(() => document.documentElement.dataset.labels ?? '[]'))
  const widths: number[] = await page.evaluate((list) => {
    const ctx = document.createElement('canvas').getContext('2d')!
    return list.map(([text, size]) => {
      ctx.font = `${size}px "Noto Sans SC"`
      return ctx.measureText(text).width
    })
  }, marks.map((m) => [m.text, m.size] as [string, number]))
  const project = projector(at?.url ?? page.url(), viewport)
  return marks.map((m, i) => {
    const [x, y] = project(m.lonLat)
    const x0 = (m.anchor === 'middle' ? x - widths[i] / 2 : x) + m.offset[0]
    const cy = y + m.offset[1]
    return { text: m.text, size: m.size, box: [x0, cy - m.size / 2, x0 + widths[i], cy + m.size / 2] as Box }
  })
}

/** Pairs of drawn names whose boxes share area. */
export function crossingLabels(labels: { text: string; box: Box }[]): string[] {
  const out: string[] = []
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const [a, b] = [labels[i].box, labels[j].box]
      if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) out.push(`${labels[i].text} × ${labels[j].text}`)
    }
  }
  return out
}
