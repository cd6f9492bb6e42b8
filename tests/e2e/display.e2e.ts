import type { Ctx } from './app.e2e'

export const DISPLAY_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {}
