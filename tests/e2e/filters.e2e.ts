import type { Ctx } from './app.e2e'

export const FILTER_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {}
