import type { Ctx } from './app.e2e'

export const TIME_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {}
