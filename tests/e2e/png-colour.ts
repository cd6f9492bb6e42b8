import type { PNG } from 'pngjs'

/** Whether each channel of c is within tol of ref's. */
export const colourClose = (c: readonly number[], ref: readonly number[], tol: number) => c.every((v, i) => Math.abs(v - ref[i]) <= tol)

/** Whether a pixel within r of (x, y) is within tol of the colour. */
export function colourNear(png: PNG, x: number, y: number, ref: readonly number[], r = 7, tol = 30): boolean {
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) {
    const px = Math.round(x + dx), py = Math.round(y + dy)
    if (px < 0 || py < 0 || px >= png.width || py >= png.height) continue
    const i = (py * png.width + px) * 4
    if (colourClose([png.data[i], png.data[i + 1], png.data[i + 2]], ref, tol)) return true
  }
  return false
}
