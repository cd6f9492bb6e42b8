/**
 * Cross-site requests refused. A page on another site can make a browser send a request to
 * this server; the session cookie is SameSite=Strict, so the browser already leaves it off
 * such requests, and this check is the second lock: any /api request that may change
 * something (every method but GET and HEAD) whose Origin header, or without one its Referer,
 * names another host than the one the request was sent to (its Host header) is refused
 * before the session is even looked at. A request with neither header (the command line,
 * curl, a connector) is not a browser's cross-site request and passes; a browser always sends
 * Origin on such requests.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'

const SAFE = new Set(['GET', 'HEAD'])

const isApiPath = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?')

/** The host[:port] of an Origin or Referer value; null when it names none ('null', garbage). */
function hostOf(value: string): string | null {
  try {
    const u = new URL(value)
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host.toLowerCase() : null
  } catch {
    return null
  }
}

/** Why the request is refused, or null when it may go on. */
export function crossSiteRefusal(method: string, url: string, headers: Record<string, string | string[] | undefined>): string | null {
  if (SAFE.has(method) || !isApiPath(url)) return null
  const origin = headers.origin, referer = headers.referer
  const claimed = typeof origin === 'string' ? origin : typeof referer === 'string' ? referer : undefined
  if (claimed === undefined) return null
  const host = typeof headers.host === 'string' ? headers.host.toLowerCase() : ''
  const from = hostOf(claimed)
  if (from !== null && from === host) return null
  return `cross-site request refused: ${typeof origin === 'string' ? 'Origin' : 'Referer'} ${JSON.stringify(claimed.slice(0, 200))} is not this server (${host || 'no Host header'})`
}

/** onRequest hook, before the session check. */
export async function refuseCrossSite(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const why = crossSiteRefusal(req.method, req.url, req.headers)
  if (why) return reply.code(403).send({ error: why })
}
