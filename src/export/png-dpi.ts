/**
 * A PNG's physical resolution (the pHYs chunk), so that an A3 export at 300 dpi prints at A3
 * and not at 17 × 12 inches. Canvas encoders write none.
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

/** CRC-32 (ISO-HDLC), as PNG chunks and zip entries use it */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10]

/** The PNG with a pHYs chunk of `dpi` after IHDR (any existing pHYs is replaced). */
export function withPngDpi(png: Uint8Array, dpi: number): Uint8Array {
  if (!SIGNATURE.every((b, i) => png[i] === b)) throw new Error('not a PNG file')
  if (!(dpi > 0)) throw new Error(`dpi must be positive: ${dpi}`)
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  const chunks: Uint8Array[] = [png.subarray(0, 8)]
  let at = 8
  while (at + 12 <= png.length) {
    const len = view.getUint32(at)
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8))
    const end = at + 12 + len
    if (end > png.length) throw new Error(`PNG chunk ${type} runs past the end of the file`)
    if (type !== 'pHYs') chunks.push(png.subarray(at, end))
    if (type === 'IHDR') chunks.push(physChunk(dpi))
    at = end
  }
  if (at !== png.length) throw new Error('PNG file ends in the middle of a chunk')
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let o = 0
  for (const c of chunks) {
    out.set(c, o)
    o += c.length
  }
  return out
}

function physChunk(dpi: number): Uint8Array {
  const ppm = Math.round(dpi / 0.0254)
  const chunk = new Uint8Array(12 + 9)
  const v = new DataView(chunk.buffer)
  v.setUint32(0, 9)
  chunk.set([0x70, 0x48, 0x59, 0x73], 4) // 'pHYs'
  v.setUint32(8, ppm)
  v.setUint32(12, ppm)
  chunk[16] = 1 // unit: metre
  v.setUint32(17, crc32(chunk.subarray(4, 17)))
  return chunk
}

/** pixels per inch of a PNG's pHYs chunk, or null without one */
export function pngDpi(png: Uint8Array): number | null {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  for (let at = 8; at + 12 <= png.length; at += 12 + view.getUint32(at)) {
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8))
    if (type === 'pHYs' && png[at + 16] === 1) return Math.round(view.getUint32(at + 8) * 0.0254)
    if (type === 'IDAT') break
  }
  return null
}
