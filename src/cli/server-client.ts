/**
 * The command line as a client of the server (npm run server): the flags that name the
 * server, the district and the account, the login, and one call that turns a refusal into a
 * CliError. `load` sends files through it; `join` and `index` read their figures through it.
 */
import { errorMessage } from '../core/text-format'
import type { ImportReport } from '../io/import-report'
import { CliError } from './cli-io'
import type { FlagValues } from './command'

export interface ServerLogin {
  base: URL
  cookie: string
  user: string
  /** the server's answer as JSON; a refusal becomes a CliError carrying its import report */
  call(path: string, init?: RequestInit & { duplex?: 'half' }): Promise<unknown>
}

export interface ServerSession extends ServerLogin {
  district: { id: number; code: string }
}

const cannotConnect = (base: URL, e: unknown) =>
  new CliError(`${base.origin}: cannot connect (${errorMessage((e as { cause?: unknown }).cause ?? e)})`)

async function call(url: URL, init: RequestInit & { duplex?: 'half' }): Promise<unknown> {
  let r: Response
  try {
    r = await fetch(url, init)
  } catch (e) {
    throw cannotConnect(url, e)
  }
  const body = (await r.json().catch(() => null)) as { error?: string; report?: ImportReport } | null
  if (!r.ok) {
    const err = new CliError(`${url.pathname}: ${r.status} ${body?.error ?? r.statusText}`)
    Object.assign(err, { report: body?.report })
    throw err
  }
  return body
}

/** Logs in with --user/--password (or PINGAN_USER/PINGAN_PASSWORD). */
export async function openServerLogin(v: FlagValues, serverUrl: string): Promise<ServerLogin> {
  let base: URL
  try {
    base = new URL(serverUrl)
  } catch {
    throw new CliError(`--server: not a URL (got "${serverUrl}")`, 2)
  }
  const user = (v.user as string | undefined) ?? process.env.PINGAN_USER
  const password = (v.password as string | undefined) ?? process.env.PINGAN_PASSWORD
  if (!user || !password) throw new CliError('give --user and --password (or PINGAN_USER and PINGAN_PASSWORD)', 2)
  const login = await fetch(new URL('/api/login', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: user, password }) })
    .catch((e) => { throw cannotConnect(base, e) })
  if (login.status !== 200) throw new CliError(`${base.origin}: login as ${user} refused (${login.status})`)
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]
  return {
    base, cookie, user,
    call: (path, init = {}) => call(new URL(path, base), { ...init, headers: { ...(init.headers as Record<string, string> | undefined), cookie } }),
  }
}

/** Logs in (openServerLogin) and picks the district of --district (or the only one the account sees). */
export async function openServerSession(v: FlagValues, serverUrl: string): Promise<ServerSession> {
  const session = await openServerLogin(v, serverUrl)
  const { user } = session
  const districts = await session.call('/api/districts') as { id: number; code: string }[]
  const code = v.district as string | undefined
  const district = code ? districts.find((d) => d.code === code) : districts.length === 1 ? districts[0] : undefined
  if (!district) throw new CliError(code ? `no district ${code} for ${user} (${districts.map((d) => d.code).join(', ') || 'none'})` : `give --district: ${districts.map((d) => d.code).join(', ') || 'none visible'}`, 2)
  return { ...session, district }
}

const LAYERS = ['street', 'compound', 'grid', 'site']

/**
 * --layer of a command run with --server, which reads stored data: the files' flags would be
 * silently ignored, so they are refused.
 */
export function serverLayer(v: FlagValues): string {
  const layer = v.layer as string | undefined
  if (!layer || !LAYERS.includes(layer)) throw new CliError(`--server needs --layer street, compound, grid or site${layer ? ` (got "${layer}")` : ''}`, 2)
  for (const f of ['areas', 'incidents', 'population', 'crs', 'category-map', 'report', 'strict', 'id-field', 'name-field', 'population-field']) {
    if (v[f] !== undefined) throw new CliError(`--${f} reads files: with --server the data are the server's (loaded with load)`, 2)
  }
  return layer
}
