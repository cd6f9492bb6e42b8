/**
 * An id for a record made in this browser (a plan, a scene): the prefix, the time in base 36 and
 * five random characters, so that two tabs, or two clicks in one millisecond, do not collide.
 */
export function newRecordId(prefix: string, now = Date.now(), random = Math.random()): string {
  return `${prefix}-${now.toString(36)}-${random.toString(36).slice(2, 7)}`
}
