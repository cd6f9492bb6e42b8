/**
 * The small rules of editing a camera plan, as pure functions: what the plan store applies to
 * the plan's cameras before recording the edit in its undo history.
 */
import { nextPlanCameraId, normaliseAzimuth, type PlanCamera } from './plan-cameras'

/** `c` with `patch` applied, its azimuth brought into [0, 360). */
export function patchCamera<P extends Partial<Omit<PlanCamera, 'id'>>>(c: PlanCamera, patch: P): PlanCamera {
  return { ...c, ...patch, azimuth: normaliseAzimuth(patch.azimuth ?? c.azimuth) }
}

/** `camera` with its own id when that is still free among `cameras`, else with the first free one (an edit since a suggestion was made may have taken it). */
export function withFreeId(camera: PlanCamera, cameras: readonly PlanCamera[]): PlanCamera {
  const ids = new Set(cameras.map((c) => c.id))
  return { ...camera, id: ids.has(camera.id) ? nextPlanCameraId(ids) : camera.id }
}

/** `${word} k` for the first k from names.length + 1 that no plan is called yet. */
export function nextPlanName(names: readonly string[], word: string): string {
  const used = new Set(names)
  for (let k = names.length + 1; ; k++) {
    const name = `${word} ${k}`
    if (!used.has(name)) return name
  }
}
