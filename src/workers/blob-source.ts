import type { ImportSource } from '../io/dataset-import'

/** A File or Blob as an import source: the head for previews, a stream for big imports. */
export function sourceFromBlob(blob: Blob, name = (blob as File).name ?? 'file'): ImportSource {
  return {
    name,
    size: blob.size,
    head: async (n) => new Uint8Array(await blob.slice(0, n).arrayBuffer()),
    bytes: async () => new Uint8Array(await blob.arrayBuffer()),
    async *chunks() {
      const reader = (blob.stream() as ReadableStream<Uint8Array>).getReader()
      try {
        for (;;) {
          const { done, value } = await reader.read()
          if (done) return
          yield value
        }
      } finally {
        reader.releaseLock()
      }
    },
  }
}
