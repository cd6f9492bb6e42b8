/**
 * An audit row in words of the UI language: the action's name (the code itself when it is
 * one the messages do not know, such as a table attached later), and the detail as
 * "name: value" pairs. Data values (file names, titles, user names) are shown as stored.
 */
export type HasKey = (key: string) => boolean
type T = (key: string) => string

/** 'login.failed' → its message under audit.actions (dots become underscores), else the code */
export function actionWord(code: string, t: T, te: HasKey): string {
  const key = `audit.actions.${code.replaceAll('.', '_')}`
  return /^[a-z_.]+$/.test(code) && te(key) ? t(key) : code
}

function valueText(v: unknown): string {
  if (v === null || v === undefined) return '—'
  if (Array.isArray(v)) return v.map(valueText).join(', ')
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k} ${valueText(x)}`).join(', ')
  return String(v)
}

/** The detail as text; `table` is left out (the action names it). */
export function detailText(detail: Record<string, unknown>, t: T, te: HasKey): string {
  return Object.entries(detail)
    .filter(([k]) => k !== 'table')
    .map(([k, v]) => `${te(`audit.detail.${k}`) ? t(`audit.detail.${k}`) : k}: ${valueText(v)}`)
    .join('; ')
}
