/**
 * A download's name with the characters that file systems or shells treat specially replaced:
 * names are built from imported file names, plan names and titles, which are data.
 */
export function safeFileName(name: string): string {
  const safe = name.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '_').replace(/^[.\s]+/, '').slice(-200)
  return safe || 'download'
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
