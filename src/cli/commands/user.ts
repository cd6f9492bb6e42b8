import { CliError } from '../cli-io'
import type { Command } from '../command'

export const userCommand: Command = {
  name: 'user',
  summary: 'Accounts of the server: add, passwd, grant, list.',
  positional: 'add NAME | passwd NAME | grant NAME DISTRICT | list',
  flags: [
    { name: 'role', type: 'string', arg: 'viewer|analyst|planner|admin', desc: 'role of a new user (add; default viewer)' },
    { name: 'password', type: 'string', arg: 'TEXT', desc: 'the password (add, passwd); default PINGAN_PASSWORD, else one is generated and printed once' },
  ],
  notes: `
The database is DATABASE_URL's, else the local cluster under .data/ that \`npm run server\`
makes (joined while the server runs, started for the command otherwise).
Roles: viewer (the wall: reads), analyst (reads, exports), planner (plans), admin (imports,
users, every district). Other roles see only the districts granted to them (grant NAME CODE).
A new password ends the user's sessions.`,
  async run(v, log) {
    const [action, name, district, ...extra] = (v._ as string[] | undefined) ?? []
    const password = (v.password as string | undefined) ?? (process.env.PINGAN_PASSWORD || undefined)
    const need = (n: number) => {
      if ([name, district].slice(0, n).some((x) => !x) || extra.length > 0 || (n < 2 && district)) throw new CliError(`usage: user ${userCommand.positional}`, 2)
    }
    let request
    if (action === 'add') { need(1); request = { action, name, role: (v.role as string | undefined) ?? 'viewer', password } as const }
    else if (action === 'passwd') { need(1); request = { action, name, password } as const }
    else if (action === 'grant') { need(2); request = { action, name, district } as const }
    else if (action === 'list') { need(0); request = { action } as const }
    else throw new CliError(`usage: user ${userCommand.positional}`, 2)
    const { runUserAction } = await import('../../server/user-admin')
    const { AccountError } = await import('../../server/accounts')
    try {
      for (const line of await runUserAction(request)) process.stdout.write(line + '\n')
    } catch (err) {
      if (err instanceof AccountError) throw new CliError(err.message)
      throw err
    }
  },
}
