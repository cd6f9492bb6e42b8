import { writeFileSync } from 'node:fs'
import { parseLocalDate } from '../../core/periods'
import { auditToCsv, type AuditEntry } from '../../io/audit-csv'
import { CliError, requireFlag, type Log } from '../cli-io'
import type { Command, FlagValues } from '../command'
import { SERVER_FLAGS } from '../flag-groups'
import { openServerLogin } from '../server-client'

const DAY_MS = 86_400_000
const PAGE = 1000
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

/**
 * --from/--to as epoch ms: a date is a whole local day (Asia/Shanghai), so --to's day is
 * included; a time ('YYYY-MM-DDTHH:MM' local, or ISO 8601 with Z or an offset) is used as is,
 * --to's as the exclusive end.
 */
export function auditBound(flag: 'from' | 'to', v: string): number {
  const s = v.trim()
  let t = parseLocalDate(s)
  if (Number.isFinite(t)) return flag === 'to' && DATE_ONLY.test(s) ? t + DAY_MS : t
  t = /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/i.test(s) ? Date.parse(s) : NaN
  if (!Number.isFinite(t)) throw new CliError(`--${flag}: YYYY-MM-DD (local day), YYYY-MM-DDTHH:MM (local time) or ISO 8601 with Z or an offset (got "${v}")`, 2)
  return t
}

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Write the server\'s audit trail (who did what, when, from where) as CSV.',
  flags: [
    { ...SERVER_FLAGS[0], required: true },
    ...SERVER_FLAGS.slice(2),
    { name: 'from', type: 'string', arg: 'DATE', desc: 'rows at or after this local day (YYYY-MM-DD) or time (ISO 8601)' },
    { name: 'to', type: 'string', arg: 'DATE', desc: 'rows up to this local day, included (YYYY-MM-DD), or before this time (ISO 8601)' },
    { name: 'action', type: 'string', arg: 'CODE', desc: 'only this action (login, import, …) or family (user = user.create, user.password, …)' },
    { name: 'who', type: 'string', arg: 'NAME', desc: 'only the rows of this user name' },
    { name: 'out', type: 'string', arg: 'FILE', required: true, desc: 'the CSV to write' },
  ],
  notes: `
Columns: time (Asia/Shanghai, with its +08:00 offset), user, address (the client's IP;
'cli' for the user command), action, detail (JSON). RFC 4180: fields with commas, quotes or
line breaks are quoted, lines end with CRLF. A field that starts with = + - @, a tab or a
carriage return gets a leading apostrophe, so a spreadsheet shows it as text and never runs
it as a formula. Newest rows first. Needs an admin account. Reading the trail is not
recorded (the login that reads it is); nothing can change or remove its rows.`,
  async run(v: FlagValues, log: Log) {
    const out = requireFlag('out', v.out as string | undefined)
    const q = new URLSearchParams({ limit: String(PAGE) })
    if (v.from) q.set('from', String(auditBound('from', v.from as string)))
    if (v.to) q.set('to', String(auditBound('to', v.to as string)))
    if (v.action) q.set('action', v.action as string)
    if (v.who) q.set('user', v.who as string)
    const session = await openServerLogin(v, requireFlag('server', v.server as string | undefined))
    const rows: AuditEntry[] = []
    for (let offset = 0; ; offset += PAGE) {
      q.set('offset', String(offset))
      const page = await session.call(`/api/audit?${q}`) as { rows: AuditEntry[]; total: number; lastId: number | null }
      rows.push(...page.rows)
      // later pages up to the rows the first one counted: new rows arriving meanwhile shift nothing
      if (offset === 0 && page.lastId !== null) q.set('until', String(page.lastId))
      if (page.rows.length < PAGE) break
    }
    try {
      writeFileSync(out, auditToCsv(rows))
    } catch (err) {
      throw new CliError(`${out}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
    }
    log.info(`${out}: ${rows.length} audit rows`)
  },
}
