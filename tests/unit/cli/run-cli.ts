/** The CLI tests' way to run a command line in-process and read what it wrote. */
import { readFileSync } from 'node:fs'
import Papa from 'papaparse'
import { vi } from 'vitest'
import { runCli } from '../../../src/cli/main'

export interface CliRun { code: number; err: string; out: string }

/** Starts argv with stderr lines and stdout captured (also what a command writes to process.stdout itself). */
function start(argv: string[]) {
  const err: string[] = []
  const run = { out: '' }
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { run.out += String(s); return true })
  let code: number | Promise<number>
  try {
    code = runCli(argv, { warn: (l) => err.push(l), info: (l) => err.push(l) }, (s) => { run.out += s })
  } catch (e) {
    spy.mockRestore()
    throw e
  }
  const done = (c: number): CliRun => ({ code: c, err: err.join('\n'), out: run.out })
  return { code, done, restore: () => spy.mockRestore() }
}

/** Runs a command line to its end (runCli returns a promise for commands that read files asynchronously). */
export async function cli(...argv: string[]): Promise<CliRun> {
  const s = start(argv)
  try {
    return s.done(await s.code)
  } finally {
    s.restore()
  }
}

/** Runs a command that finishes synchronously; an asynchronous one is a test error. */
export function cliSync(...argv: string[]): CliRun {
  const s = start(argv)
  s.restore()
  if (typeof s.code !== 'number') throw new Error(`"${argv[0]}" runs asynchronously: use cli()`)
  return s.done(s.code)
}

export const csvRows = (f: string) => Papa.parse<string[]>(readFileSync(f, 'utf8').trim()).data
