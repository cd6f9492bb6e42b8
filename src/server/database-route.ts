/**
 * GET /api/database (admin): where the reads go. Each read replica with whether it serves
 * (in recovery, reachable, not too far behind), its lag and the reads it took, and the reads
 * that went to the primary; an operator's first look when a floor's seats feel slow.
 */
import type { FastifyInstance } from 'fastify'
import type { ReadPools } from './replicas'

export function registerDatabaseRoute(app: FastifyInstance, reads: ReadPools): void {
  app.get('/api/database', { config: { minRole: 'admin' } }, async () => reads.status())
}
