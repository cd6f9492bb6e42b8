/**
 * Flags that several commands take, declared once with their help text, and the readers of
 * their values. A command composes the groups it needs into its own flag table.
 */
import type { Period } from '../core/periods'
import { parsePeriod } from './cli-io'
import type { Flag, FlagValues } from './command'

/** The incident file most commands analyse (read by incidentsFromFlags). */
export const INCIDENTS_FLAG: Flag = {
  name: 'incidents', type: 'string', arg: 'FILE', required: true, desc: 'incidents CSV: id,time,category,subtype,lon,lat[,address]',
}

/** How the input files are read: coordinate system, extra category labels, rejected rows. */
export const READING_FLAGS: Flag[] = [
  { name: 'crs', type: 'string', arg: 'wgs84|gcj02|bd09', desc: 'coordinate system of the input files (default wgs84); converted to WGS-84 with gcoord' },
  { name: 'category-map', type: 'string', arg: 'LABEL=CAT,...', desc: 'extra category labels, e.g. HOMICIDE=criminal (labels are matched case-insensitively; unknown labels count as other)' },
  { name: 'report', type: 'string', arg: 'FILE', desc: 'write every rejected incident row as CSV (line,reason,detail)' },
  { name: 'strict', type: 'boolean', desc: 'fail (exit 1) when any row or feature is rejected; without it they are listed on stderr and skipped' },
]

/** Which properties of an area file hold the id, the name and the population (read by areasFromFlags). */
export const AREA_FIELD_FLAGS: Flag[] = [
  { name: 'id-field', type: 'string', arg: 'NAME', desc: 'area property holding the id (default id)' },
  { name: 'name-field', type: 'string', arg: 'NAME', desc: 'area property holding the name (default name)' },
  { name: 'population-field', type: 'string', arg: 'NAME', desc: 'area property holding the resident population (default population)' },
]

/** The server, district and account of a command run against the server (server-client.ts). */
export const SERVER_FLAGS: Flag[] = [
  { name: 'server', type: 'string', arg: 'URL', desc: 'the server (npm run server), e.g. http://127.0.0.1:8080/' },
  { name: 'district', type: 'string', arg: 'CODE', desc: 'with --server: the district (default: the only one the user sees)' },
  { name: 'user', type: 'string', arg: 'NAME', desc: 'with --server: the account (default PINGAN_USER)' },
  { name: 'password', type: 'string', arg: 'TEXT', desc: 'with --server: its password (default PINGAN_PASSWORD)' },
]

/** --layer of a command run against the server: the stored area layer it reads. */
export const SERVER_LAYER_FLAG: Flag = {
  name: 'layer', type: 'string', arg: 'street|compound|grid|site', desc: 'with --server, in place of --areas and --incidents: the district\'s stored area layer and its incidents',
}

/** Only --id-field, for commands that report areas by id but need no name or population. */
export const ID_FIELD_FLAGS: Flag[] = AREA_FIELD_FLAGS.filter((f) => f.name === 'id-field')

const COUNT_ONLY = {
  from: 'count only incidents at or after this local date',
  to: 'count only incidents before this local date',
}

/**
 * --from and --to, local dates YYYY-MM-DD bounding the period [from, to) (read by
 * periodFromFlags); `desc` says what the period does in the command (default: which
 * incidents are counted).
 */
export function periodFlags(desc: { from: string; to: string } = COUNT_ONLY): Flag[] {
  return [
    { name: 'from', type: 'string', arg: 'YYYY-MM-DD', desc: desc.from },
    { name: 'to', type: 'string', arg: 'YYYY-MM-DD', desc: desc.to },
  ]
}

/** The period of --from/--to, or null when neither is given (both are needed otherwise). */
export function periodFromFlags(v: FlagValues): Period | null {
  return parsePeriod(v.from as string | undefined, v.to as string | undefined)
}
