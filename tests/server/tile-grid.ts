/** The slippy-map tiles over a box, for the tile tests (tiles.test.ts, cell-rollups.test.ts). */

export const tileX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z)
export const tileY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z)
}

/**
 * The tiles over a box grown by one and a half cells: a cell holding a point near the edge may
 * have its centre outside. A cell's edge is a 51.2th of a tile's width, in degrees of longitude
 * as in mercator metres, and less in latitude.
 */
export function tilesOver(box: [number, number, number, number], z: number): [number, number][] {
  const m = (1.5 * 360) / 2 ** z / 51.2
  const out: [number, number][] = []
  for (let x = tileX(box[0] - m, z); x <= tileX(box[2] + m, z); x++) {
    for (let y = tileY(box[3] + m, z); y <= tileY(box[1] - m, z); y++) out.push([x, y])
  }
  return out
}
