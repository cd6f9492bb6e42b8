// Whether a built file is older than its sources: plain JavaScript, shared by build-cli.mjs
// (the package `bin` runs it unbuilt) and the bundle itself.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Newest modification time (ms) of a file or of any file under a folder. */
export function newestMtime(path) {
  let st
  try {
    st = statSync(path)
  } catch {
    return 0
  }
  if (!st.isDirectory()) return st.mtimeMs
  let newest = st.mtimeMs // a deleted file shows as a newer folder
  for (const e of readdirSync(path, { withFileTypes: true })) {
    newest = Math.max(newest, e.isDirectory() ? newestMtime(join(path, e.name)) : statSync(join(path, e.name)).mtimeMs)
  }
  return newest
}

/** true when the bundle is missing or older than a source file */
export function isStale(bundle, inputs) {
  let built
  try {
    built = statSync(bundle).mtimeMs
  } catch {
    return true
  }
  return inputs.some((p) => newestMtime(p) > built)
}

