/**
 * `npm run cli -- <command> [flags]`: the analytics core from the command line, for batch
 * jobs and for checking figures outside the app. Exit codes: 0 done, 1 the input cannot be
 * used, 2 the command line is wrong.
 */
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { CliError, consoleLog, type Log } from './cli-io'
import { commandHelp, PROGRAM, type Command, type FlagValues } from './command'
import { hotspotsCommand } from './commands/hotspots'
import { emergingCommand } from './commands/emerging'
import { indexCommand } from './commands/index-command'
import { joinCommand } from './commands/join'
import { profileCommand } from './commands/profile'
import { coverageCommand } from './commands/coverage'
import { gapsCommand } from './commands/gaps'
import { validateCommand } from './commands/validate'
import { isochronesCommand, patrolCommand } from './commands/patrol'
import { planCommand } from './commands/plan'
import { snapshotCommand } from './commands/snapshot'
import { userCommand } from './commands/user'
import { loadCommand } from './commands/load'
import { cityLoadCommand } from './commands/city-load'
import { auditCommand } from './commands/audit'
import { nearRepeatCommand } from './commands/near-repeat'
import { repeatPlacesCommand } from './commands/repeat-places'
import { demoUnitsCommand, dispatchCommand, presenceCommand, responseCommand } from './commands/units'
import { startTimings, timingsLine, TIMINGS_FLAG } from './timings'

export const COMMANDS: Command[] = [
  joinCommand, indexCommand, hotspotsCommand, profileCommand, coverageCommand, gapsCommand, validateCommand, patrolCommand, isochronesCommand,
  planCommand, snapshotCommand, userCommand, loadCommand, auditCommand, nearRepeatCommand, emergingCommand, repeatPlacesCommand,
  dispatchCommand, responseCommand, presenceCommand, demoUnitsCommand, cityLoadCommand,
]

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 1
  return [
    `Usage: ${PROGRAM} <command> [flags]      (npm run cli -- <command> [flags])`,
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)} ${c.summary}`),
    '',
    `Run "${PROGRAM} <command> --help" for the flags of a command.`,
    'Times without an offset are Asia/Shanghai; coordinates are converted to WGS-84 (see --crs).',
    'Exit codes: 0 done, 1 the input cannot be used, 2 the command line is wrong.',
    `${TIMINGS_FLAG} (any command): print where the time went (start-up, read, index, join, write) on stderr.`,
    '',
  ].join('\n')
}

/**
 * Runs one command line; returns the exit code (never calls process.exit, for tests), or a
 * promise of it for a command that reads files asynchronously.
 */
export function runCli(argv: string[], log: Log = consoleLog, stdout: (s: string) => void = (s) => process.stdout.write(s)): number | Promise<number> {
  if (argv.includes(TIMINGS_FLAG)) {
    startTimings()
    argv = argv.filter((a) => a !== TIMINGS_FLAG)
  }
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    stdout(mainHelp())
    return name === undefined ? 2 : 0
  }
  const cmd = COMMANDS.find((c) => c.name === name)
  if (!cmd) {
    log.warn(`${PROGRAM}: unknown command "${name}"\n\n${mainHelp()}`)
    return 2
  }
  const failed = (err: unknown): number => {
    if (err instanceof CliError) {
      log.warn(`${PROGRAM} ${cmd.name}: ${err.message}`)
      return err.exitCode
    }
    throw err
  }
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      stdout(commandHelp(cmd))
      return 0
    }
    let values
    try {
      const parsed = parseArgs({
        args: rest,
        options: Object.fromEntries(cmd.flags.map((f) => [f.name, { type: f.type }])),
        strict: true,
        allowPositionals: cmd.positional !== undefined,
      })
      values = { ...parsed.values, ...(cmd.positional ? { _: parsed.positionals } : {}) }
    } catch (err) {
      throw new CliError(`${(err as Error).message.replace(/\. To specify.*$/s, '')}\nRun "${PROGRAM} ${cmd.name} --help" for the flags.`, 2)
    }
    const report = (code: number): number => {
      const line = timingsLine()
      if (line) log.info(line)
      return code
    }
    const done = cmd.run(values as FlagValues, log)
    return done instanceof Promise ? done.then(() => report(0), failed) : report(0)
  } catch (err) {
    return failed(err)
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  void Promise.resolve(runCli(process.argv.slice(2))).then((code) => { process.exitCode = code })
}
