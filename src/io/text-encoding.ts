/**
 * Text encodings met in Chinese data files: UTF-8 (with or without a BOM, as Excel writes
 * "CSV UTF-8") and GBK, which Excel and WPS write for plain "CSV" on Chinese Windows. GBK is
 * decoded as GB18030, its superset, so the rare 4-byte characters come through as well.
 * Only TextDecoder/TextEncoder are used: the same code runs in Node, a worker and a page.
 */

export type TextEncodingName = 'utf8' | 'gb18030'
export interface DetectedEncoding { encoding: TextEncodingName; bom: boolean }

/** How much of a file the sniffer looks at. */
export const SNIFF_BYTES = 64 * 1024

function hasUtf8Bom(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf
}

/**
 * Sniff the first bytes (up to SNIFF_BYTES): a UTF-8 BOM means utf8 with bom; bytes that are
 * valid UTF-8 (pure ASCII included; a multi-byte character cut at the end of the sample is
 * fine) mean utf8; anything else is taken as GB18030 (GBK is a subset).
 */
export function detectEncoding(sample: Uint8Array): DetectedEncoding {
  if (hasUtf8Bom(sample)) return { encoding: 'utf8', bom: true }
  const s = sample.length > SNIFF_BYTES ? sample.subarray(0, SNIFF_BYTES) : sample
  // stream: true keeps an incomplete trailing sequence pending instead of failing on it,
  // which is what a sample cut out of a longer file needs
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(s, { stream: true })
    return { encoding: 'utf8', bom: false }
  } catch {
    return { encoding: 'gb18030', bom: false }
  }
}

/**
 * Decode a whole file. 'auto' checks every byte (a GBK file whose first 64 KiB are ASCII is
 * still found out), 'gbk' decodes as GB18030, 'utf8' decodes leniently (bad bytes become
 * U+FFFD). A leading BOM is stripped in every case and reported.
 */
export function decodeText(
  bytes: Uint8Array,
  choice: 'auto' | 'utf8' | 'gbk',
): { text: string; encoding: TextEncodingName; bom: boolean } {
  const bom = hasUtf8Bom(bytes)
  const body = bom ? bytes.subarray(3) : bytes
  let encoding: TextEncodingName
  let text: string
  if (choice === 'gbk') {
    encoding = 'gb18030'
    text = new TextDecoder('gb18030').decode(body)
  } else if (choice === 'utf8' || bom) {
    encoding = 'utf8'
    text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(body)
  } else {
    // the strict decode is the decode itself for UTF-8 files, so checking every byte is free;
    // a character cut at the end (the head of a longer file) becomes U+FFFD instead of
    // turning the whole file into GB18030
    try {
      const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
      text = strict.decode(body, { stream: true })
      try {
        text += strict.decode()
      } catch {
        text += '\uFFFD'
      }
      encoding = 'utf8'
    } catch {
      text = new TextDecoder('gb18030').decode(body)
      encoding = 'gb18030'
    }
  }
  // a GB18030 BOM (84 31 95 33) decodes to U+FEFF
  if (text.charCodeAt(0) === 0xfeff) return { text: text.slice(1), encoding, bom: true }
  return { text, encoding, bom }
}

const EMPTY = new Uint8Array(0)

/**
 * Streaming transcoder to UTF-8 bytes for the byte-level incident reader. Chunks may be cut
 * anywhere, also inside a 2- or 4-byte GB18030 character: the decoder keeps the pending bytes.
 * utf8 passes each chunk through unchanged (the same object, no copy); the UTF-8 BOM is left
 * in place for the reader, which strips it.
 */
export class Utf8Transcoder {
  readonly encoding: TextEncodingName
  private readonly decoder: TextDecoder | null
  private readonly encoder = new TextEncoder()

  constructor(encoding: TextEncodingName) {
    this.encoding = encoding
    this.decoder = encoding === 'gb18030' ? new TextDecoder('gb18030') : null
  }

  push(chunk: Uint8Array): Uint8Array {
    if (!this.decoder) return chunk
    return this.encoder.encode(this.decoder.decode(chunk, { stream: true }))
  }

  /** Flush: a character cut off at the end of the file comes out as U+FFFD. */
  end(): Uint8Array {
    if (!this.decoder) return EMPTY
    const tail = this.decoder.decode()
    return tail === '' ? EMPTY : this.encoder.encode(tail)
  }
}
