import type { Ctx } from './app.e2e'

export const WALL_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {}
