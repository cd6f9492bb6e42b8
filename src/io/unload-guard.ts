/**
 * Asks the browser to confirm leaving the page while `unsaved()` holds: some edits then exist
 * only in this tab. Returns the function that stops asking.
 */
export function guardUnload(unsaved: () => boolean): () => void {
  const onBeforeUnload = (e: BeforeUnloadEvent) => {
    if (!unsaved()) return
    e.preventDefault()
    e.returnValue = ''
  }
  window.addEventListener('beforeunload', onBeforeUnload)
  return () => window.removeEventListener('beforeunload', onBeforeUnload)
}
