#!/usr/bin/env node
// The package's `bin` and `npm run cli`: the bundled command line (dist-node/), rebuilt first
// when it is missing or older than src/, so a fresh clone's first run works. No TypeScript
// loader at run time.
import { pathToFileURL } from 'node:url'
import { ensureCliBundle } from './build-cli.mjs'

const { runCli } = await import(pathToFileURL((await ensureCliBundle()).bundle).href)
process.exitCode = await runCli(process.argv.slice(2))
