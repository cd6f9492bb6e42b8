/** Runs of the characters that file systems or shells treat specially, control characters included. */
const UNSAFE_IN_FILE_NAMES = /[\\/:*?"<>|\u0000-\u001f\u007f]+/g

/** `name` with every run of characters unsafe in a file name replaced by `by`. */
export function replaceUnsafeFileChars(name: string, by: string): string {
  return name.replace(UNSAFE_IN_FILE_NAMES, by)
}

/**
 * A download's name with the characters that file systems or shells treat specially replaced:
 * names are built from imported file names, plan names and titles, which are data.
 */
export function safeFileName(name: string): string {
  const safe = replaceUnsafeFileChars(name, '_').replace(/^[.\s]+/, '').slice(-200)
  return safe || 'download'
}

/** A file's name without its extension, e.g. to name what is made from it. */
export function fileStem(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '')
}

/** Hand a file to the browser's download (nothing leaves the machine). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = safeFileName(fileName)
  a.style.display = 'none'
  document.body.append(a)
  a.click()
  a.remove()
  // the download has its own reference by now; give it a moment on slow machines
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
