/**
 * A command is its flags (each with the text --help prints) and a run function. Help is built
 * from the same table the parser uses, so no flag can go undocumented.
 */

export interface Flag {
  name: string
  /** boolean flags take no value */
  type: 'string' | 'boolean'
  /** placeholder shown in help, e.g. FILE */
  arg?: string
  desc: string
  required?: boolean
}

/** Where a command writes its warnings and progress (stderr for the CLI, a list in tests). */
export interface Log {
  warn(line: string): void
  info(line: string): void
}

export type FlagValues = Record<string, string | boolean | string[] | undefined>

export interface Command {
  name: string
  summary: string
  /** paragraphs after the flag list: formulas, output columns, conventions */
  notes: string
  flags: Flag[]
  /** a positional argument (e.g. FILE), named in help; none when absent */
  positional?: string
  /** positionals arrive as values._ (string[]) */
  run(values: FlagValues, log: Log): void | Promise<void>
}

export const PROGRAM = 'pingan-map'

export function commandHelp(c: Command): string {
  const width = Math.max(...c.flags.map((f) => flagLabel(f).length), 6)
  const lines = [
    `Usage: ${PROGRAM} ${c.name}${c.positional ? ` ${c.positional}` : ''} [flags]`,
    '',
    c.summary,
    '',
    'Flags:',
    ...c.flags.map((f) => `  ${flagLabel(f).padEnd(width)}  ${f.required ? '(required) ' : ''}${f.desc}`),
    `  ${'--help'.padEnd(width)}  this text`,
    '',
    c.notes.trim(),
    '',
  ]
  return lines.join('\n')
}

function flagLabel(f: Flag): string {
  return `--${f.name}${f.type === 'string' ? ` ${f.arg ?? 'VALUE'}` : ''}`
}
