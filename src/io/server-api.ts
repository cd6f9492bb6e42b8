/**
 * The command centre's server, seen from the app: its API under `{base}api/` on the app's own
 * origin (the only origin the app asks), `base` being the path config.json names (`server.url`;
 * the server adds it to the config.json it serves). Whether a server answers there, and whether
 * this browser is signed in, is one request: a path where no server answers gives 404 or a
 * page, neither of which is the server's JSON, and the app stays the browser-only app.
 */
export type ServerRole = 'viewer' | 'analyst' | 'planner' | 'admin'
export interface ServerUser { name: string; role: ServerRole }
export interface ServerDistrict { id: number; code: string; name: string }

export type ServerProbe = { mode: 'none' } | { mode: 'login' } | { mode: 'in'; user: ServerUser }

/** A refusal by the server: its status and its own message. */
export class ServerError extends Error {
  constructor(readonly status: number, message: string, readonly body?: unknown) {
    super(message)
    this.name = 'ServerError'
  }
}

const API = 'api/'
const ROLES: readonly ServerRole[] = ['viewer', 'analyst', 'planner', 'admin']
const ROLE_RANK: Record<ServerRole, number> = { viewer: 0, analyst: 1, planner: 2, admin: 3 }

export const roleAtLeast = (role: ServerRole, needed: ServerRole) => ROLE_RANK[role] >= ROLE_RANK[needed]

/** the API's address relative to the page, so the app works under any path the server gives it */
export function apiUrl(base: string, path: string): string {
  return `${base}${API}${path}`
}

function isJson(res: Response): boolean {
  return (res.headers.get('content-type') ?? '').toLowerCase().includes('application/json')
}

function asUser(x: unknown): ServerUser | null {
  const o = x as { name?: unknown; role?: unknown } | null
  return o && typeof o.name === 'string' && typeof o.role === 'string' && (ROLES as readonly string[]).includes(o.role) ? { name: o.name, role: o.role as ServerRole } : null
}

async function errorOf(res: Response): Promise<ServerError> {
  let body: unknown
  let message = `HTTP ${res.status}`
  if (isJson(res)) {
    body = await res.json().catch(() => undefined)
    const m = (body as { error?: unknown } | undefined)?.error
    if (typeof m === 'string') message = m
  }
  return new ServerError(res.status, message, body)
}

/** Is the page served by the server, and is this browser signed in? A network failure or any non-JSON answer: no server. */
export async function probeServer(base: string): Promise<ServerProbe> {
  let res: Response
  try {
    res = await fetch(apiUrl(base, 'me'), { headers: { accept: 'application/json' }, cache: 'no-store' })
  } catch {
    return { mode: 'none' }
  }
  if (!isJson(res)) return { mode: 'none' }
  if (res.status === 401) return { mode: 'login' }
  const user = res.ok ? asUser(await res.json().catch(() => null)) : null
  return user ? { mode: 'in', user } : { mode: 'none' }
}

async function send(base: string, path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(apiUrl(base, path), { ...init, headers: { accept: 'application/json', ...init.headers } })
  if (!res.ok) throw await errorOf(res)
  return res
}

export async function serverLogin(base: string, name: string, password: string): Promise<ServerUser> {
  const res = await send(base, 'login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) })
  const user = asUser(await res.json())
  if (!user) throw new ServerError(res.status, 'unexpected answer')
  return user
}

export async function serverLogout(base: string): Promise<void> {
  await send(base, 'logout', { method: 'POST' })
}

export async function serverDistricts(base: string): Promise<ServerDistrict[]> {
  return (await (await send(base, 'districts')).json()) as ServerDistrict[]
}

export async function serverJson<T>(base: string, path: string, signal?: AbortSignal): Promise<T> {
  return (await (await send(base, path, { signal })).json()) as T
}

/** Query of POST /api/districts/:id/load: the same choices as the browser import's dialog. */
export interface ServerLoadQuery {
  kind: string
  name: string
  layer?: string
  crs?: string
  encoding?: string
  /** field → column */
  fields?: Record<string, string>
  /** label → category */
  categories?: Record<string, string>
}

const pairs = (o: Record<string, string> | undefined) => (o ? Object.entries(o).map(([k, v]) => `${k}=${v}`).join(',') : '')

/** Sends a file into the district (admin); the answer holds the same per-row report as a browser import. */
export async function serverLoad<T>(base: string, districtId: number, file: Blob, q: ServerLoadQuery): Promise<T> {
  const params = new URLSearchParams({ kind: q.kind, name: q.name })
  if (q.layer) params.set('layer', q.layer)
  if (q.crs) params.set('crs', q.crs)
  if (q.encoding) params.set('encoding', q.encoding)
  const fields = pairs(q.fields), categories = pairs(q.categories)
  if (fields) params.set('fields', fields)
  if (categories) params.set('categories', categories)
  const res = await send(base, `districts/${districtId}/load?${params}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file })
  return (await res.json()) as T
}
