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

/** The word a new plan is named with, "方案 1" or "Plan 1", per UI language. */
export const PLAN_WORD: Record<'zh-CN' | 'en', string> = { 'zh-CN': '方案', en: 'Plan' }

/**
 * A plan's name in the UI language: a default name ("方案 2", made in the Chinese UI) reads
 * "Plan 2" in the English one and back; a name someone typed stays as typed.
 */
export function planNameIn(name: string, lang: string): string {
  const m = /^(?:方案|Plan) (\d+)$/.exec(name)
  return m ? `${PLAN_WORD[lang === 'en' ? 'en' : 'zh-CN']} ${m[1]}` : name
}

/** `${word} k` for the first k from names.length + 1 that no plan is called yet. */
export function nextPlanName(names: readonly string[], word: string): string {
  const used = new Set(names)
  for (let k = names.length + 1; ; k++) {
    const name = `${word} ${k}`
    if (!used.has(name)) return name
  }
}
