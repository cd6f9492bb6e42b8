/** The briefing's fonts as jsPDF embeds them, decoded once per font file. */
import { fontCodePoints, readTableDirectory, woffToSfnt } from './pdf-fonts'

export interface LoadedFace {
  /** what jsPDF's vFS takes: the raw sfnt as a binary string, or base64 for other flavours */
  vfs: string
  codePoints: Set<number>
}

const faceCache = new WeakMap<Uint8Array, Promise<LoadedFace>>()

function binaryString(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return s
}

async function decodeFace(woff: Uint8Array, which: string): Promise<LoadedFace> {
  const sfnt = await woffToSfnt(woff)
  if (!readTableDirectory(sfnt).some((t) => t.tag === 'glyf')) {
    throw new Error(`PDF briefing: the ${which} font has no TrueType outlines ('glyf'); jsPDF can only embed TrueType fonts`)
  }
  const raw = binaryString(sfnt)
  // jsPDF takes a binary string only when it starts with the TrueType 1.0 version tag
  const vfs = raw.startsWith('\x00\x01\x00\x00') ? raw : btoa(raw)
  return { vfs, codePoints: fontCodePoints(sfnt) }
}

/** Decoding the 1.5 MB CJK font takes a while: once per font file (by identity). */
export function loadFace(woff: Uint8Array, which: string): Promise<LoadedFace> {
  let p = faceCache.get(woff)
  if (!p) {
    p = decodeFace(woff, which)
    faceCache.set(woff, p)
    p.catch(() => faceCache.delete(woff))
  }
  return p
}

