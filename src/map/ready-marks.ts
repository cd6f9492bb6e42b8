/**
 * Marks that browser tests and the start-up measurement wait for, instead of fixed sleeps.
 * They live on <html> as data attributes and as Performance marks.
 */
export function markMapFirstFrame() {
  performance.mark('map-first-frame')
  document.documentElement.dataset.mapFirstFrame = String(Math.round(performance.now()))
}

export function markMapIdle() {
  document.documentElement.dataset.mapIdle = String(Math.round(performance.now()))
}

let overlayFrames = 0
export function markOverlayRendered() {
  overlayFrames++
  document.documentElement.dataset.overlayFrames = String(overlayFrames)
}

/** The numbers the map's suggestion labels show, in drawing order ("2,3,4"): tests compare them with the list's. */
export function markSuggestionLabels(labels: readonly string[]) {
  document.documentElement.dataset.suggestionLabels = labels.join()
}

/** The street and station names drawn now (text, point, size and pixel offset, anchored at the middle or the start): tests check that no two cross. */
export function markLabels(labels: readonly { text: string; lonLat: [number, number]; size: number; offset: [number, number]; anchor: 'middle' | 'start' }[]) {
  document.documentElement.dataset.labels = JSON.stringify(labels)
}
