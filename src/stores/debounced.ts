/** `fn` run once, `ms` after the last of a burst of calls (filter edits, layer toggles). */
export function debounced(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  return () => {
    clearTimeout(timer)
    timer = setTimeout(fn, ms)
  }
}
