/**
 * Rows for PostgreSQL's COPY … FROM STDIN in its text format: columns separated by tabs, rows
 * by newlines, NULL as \N, and backslash, tab, newline and carriage return escaped in values,
 * so any text (SQL, markup, tabs in an address) arrives verbatim.
 */
const SPECIAL = /[\\\t\n\r]/g
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

export function copyValue(v: string | number | null): string {
  if (v === null) return '\\N'
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`COPY: ${v} is not a finite number`)
    return String(v)
  }
  return v.replace(SPECIAL, (c) => ESCAPES[c])
}

export function copyRow(values: (string | number | null)[]): string {
  let s = ''
  for (let i = 0; i < values.length; i++) s += (i ? '\t' : '') + copyValue(values[i])
  return s + '\n'
}
