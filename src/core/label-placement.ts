/**
 * Which map labels to draw, and where, so that no two overlap. deck.gl's TextLayer draws every
 * label it is given, and its CollisionFilterExtension only tests a label's anchor point against
 * the others' glyphs, so two names can still cross; here whole boxes are tested. Greedy in
 * priority order (higher first, then input order): a label takes its first candidate place
 * whose box meets no box already placed, or is left out. Symbols that are always drawn (a
 * station's dot) are labels of the highest priority with one place.
 */

export interface LabelCandidates {
  /** x0, y0, x1, y1 per candidate place in screen pixels, preferred first; NaN: not on screen */
  boxes: ArrayLike<number>
  priority: number
}

/** Per label: the index of the candidate place taken, or -1 when it is left out. */
export function placeLabels(labels: readonly LabelCandidates[]): Int8Array {
  const order = labels.map((_, i) => i).sort((a, b) => labels[b].priority - labels[a].priority || a - b)
  const taken = new Int8Array(labels.length).fill(-1)
  const placed: ArrayLike<number>[] = []
  for (const i of order) {
    const { boxes } = labels[i]
    for (let k = 0; 4 * k < boxes.length; k++) {
      const box = Array.from({ length: 4 }, (_, c) => boxes[4 * k + c])
      if (!(box[0] < box[2] && box[1] < box[3])) continue
      if (placed.every((p) => !boxesOverlap(box, p))) {
        taken[i] = k
        placed.push(box)
        break
      }
    }
  }
  return taken
}

/** Whether two boxes (x0, y0, x1, y1) share any area; touching edges do not. */
export function boxesOverlap(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}
