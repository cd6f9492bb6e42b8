/**
 * Scenes and plans shared by a district's seats (issue 22 point 1). Roles: viewers read both
 * (the wall); analysts and up save scenes; planners and up write plans.
 */
import type { FastifyInstance } from 'fastify'
import type { Db } from './db'
import { registerPlanRoutes } from './plan-routes'
import { registerSceneRoutes } from './scene-routes'

export function registerSeatRoutes(app: FastifyInstance, db: Db): void {
  registerSceneRoutes(app, db)
  registerPlanRoutes(app, db)
}
