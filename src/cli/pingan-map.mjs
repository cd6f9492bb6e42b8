#!/usr/bin/env node
// The package's `bin`: runs the TypeScript entry through tsx, as `npm run cli` does.
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import('./main.ts')
process.exitCode = await runCli(process.argv.slice(2))
