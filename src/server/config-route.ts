/**
 * The app's config.json as the server serves it: the operator's file in the built app, plus
 * `server.url`, which is how the app knows it is served by the server (core/app-config.ts). The
 * browser-only app reads the same file without it and asks nothing more; no probe request that
 * a static host would answer with a 404.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'

/** where the API answers, from the page's point of view: this origin's root */
export const SERVED_API_BASE = '/'

export function registerConfigRoute(app: FastifyInstance, distDir: string | undefined): void {
  app.get('/config.json', async (_req, reply) => {
    let own: Record<string, unknown> = {}
    // read on each request, so an edited file applies as it does on a static host
    try {
      const parsed: unknown = distDir ? JSON.parse(readFileSync(join(distDir, 'config.json'), 'utf8')) : {}
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) own = parsed as Record<string, unknown>
    } catch {
      // no file, or not JSON: the app's defaults, as without the server
    }
    reply.header('cache-control', 'no-cache')
    // the operator's server settings stay; where the server is, it says itself
    const ownServer = own.server && typeof own.server === 'object' && !Array.isArray(own.server) ? own.server : {}
    return { ...own, server: { ...ownServer, url: SERVED_API_BASE } }
  })
}
