/**
 * A local PostgreSQL + PostGIS cluster in a folder of our own: the server's default database
 * (`.data/pg`) and the tests' throw-away one. PostgreSQL refuses to run as root, so when this
 * process is root the cluster belongs to the `postgres` OS user and every server program runs
 * through `runuser -u postgres`; as a normal user it runs as that user.
 *
 * The cluster listens on 127.0.0.1 only, on a port picked free at start, with password
 * authentication (scram-sha-256): its superuser password is generated at initdb and kept in
 * the folder (mode 600), so no other local account can walk in as superuser.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

export const PG_VERSION = 15
const BIN = `/usr/lib/postgresql/${PG_VERSION}/bin`
const POSTGIS_CONTROL = `/usr/share/postgresql/${PG_VERSION}/extension/postgis.control`
const PACKAGES = [`postgresql-${PG_VERSION}`, `postgresql-${PG_VERSION}-postgis-3`]

export interface Cluster {
  dir: string
  port: number
  /** superuser connection string (postgres role), database `postgres` unless `database` given */
  url(database?: string): string
  stop(): void
}

const isRoot = () => process.getuid?.() === 0

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
  return { uid, gid }
}

/** Runs a PostgreSQL program as the cluster's owner; throws with its output when it fails. */
function runPg(program: string, args: string[], env?: NodeJS.ProcessEnv): string {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', join(BIN, program), ...args]] : [join(BIN, program), args]
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env: env && { ...process.env, ...env } })
  if (r.status !== 0) throw new Error(`${program} failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout || r.error?.message || '').trim()}`)
  return r.stdout
}

/**
 * PostgreSQL 15 and PostGIS 3 from Debian's packages: installed with apt-get when missing and
 * this process is root (as .ci/run installs chromium), otherwise an error saying what to install.
 */
export function ensurePostgresInstalled(log: (s: string) => void = (s) => process.stderr.write(s + '\n')): void {
  if (existsSync(join(BIN, 'initdb')) && existsSync(POSTGIS_CONTROL)) return
  if (!isRoot()) {
    throw new Error(`PostgreSQL ${PG_VERSION} with PostGIS is not installed: run "sudo apt-get install -y ${PACKAGES.join(' ')}", or set DATABASE_URL to a PostgreSQL database with PostGIS`)
  }
  log(`installing ${PACKAGES.join(' ')} with apt-get …`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  for (const args of [['update'], ['install', '-y', ...PACKAGES]]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env })
    if (r.status !== 0) throw new Error(`apt-get ${args[0]} failed (${r.status ?? r.signal}); install ${PACKAGES.join(' ')} by hand`)
  }
  if (!existsSync(POSTGIS_CONTROL)) throw new Error(`apt-get installed ${PACKAGES.join(' ')} but ${POSTGIS_CONTROL} is still missing`)
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

function give(path: string): void {
  if (!isRoot()) return
  const { uid, gid } = postgresIds()
  chownSync(path, uid, gid)
}

/**
 * Starts the cluster in `dir` (its data in dir/data, socket and log beside it), creating it
 * first when the folder holds none. The port is a free one unless given.
 */
export async function startCluster(dir: string, opts: { port?: number; log?: (s: string) => void; throwaway?: boolean } = {}): Promise<Cluster> {
  ensurePostgresInstalled(opts.log)
  mkdirSync(dir, { recursive: true })
  give(dir)
  if (isRoot() && spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-w', dir]).status !== 0) {
    throw new Error(`${dir}: the postgres OS user cannot reach this folder (a folder above it is closed to other users); choose a folder under one it can enter`)
  }
  const data = join(dir, 'data')
  const pwFile = join(dir, 'superuser-password')
  if (!existsSync(join(data, 'PG_VERSION'))) {
    const password = randomBytes(24).toString('base64url')
    writeFileSync(pwFile, password + '\n', { mode: 0o600 })
    give(pwFile)
    // a test's cluster need not wait for its new files to reach the disk (see `fast` below)
    runPg('initdb', ['-D', data, '-U', 'postgres', '-A', 'scram-sha-256', '--pwfile', pwFile, '-E', 'UTF8', '--locale', 'C.UTF-8', ...(opts.throwaway ? ['--no-sync'] : [])])
  }
  const password = readFileSync(pwFile, 'utf8').trim()
  const port = opts.port ?? (await freePort())
  const pidFile = join(data, 'postmaster.pid')
  // a server killed without a stop leaves its pid file; pg_ctl start copes when that pid is gone
  if (existsSync(pidFile)) {
    try {
      runPg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
    } catch {
      /* not running: the stale file is removed by the next start */
    }
  }
  // a test's cluster is removed afterwards: nothing it writes must survive a power cut, so no disk flushes
  const fast = opts.throwaway ? ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off' : ''
  runPg('pg_ctl', ['-D', data, '-w', '-t', '60', '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${fast}`, 'start'])
  let stopped = false
  return {
    dir,
    port,
    url: (database = 'postgres') => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop() {
      if (stopped) return
      stopped = true
      runPg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
    },
  }
}

/**
 * A streaming replica of `primary` in `dir`, started: a base backup taken as `user` (a role with
 * REPLICATION; initdb's pg_hba admits replication connections from 127.0.0.1) with -R, so the
 * copy starts as a hot standby that follows the primary. Its superuser is the primary's.
 */
export async function startReplica(primary: Cluster, dir: string, user: { name: string; password: string }, opts: { throwaway?: boolean } = {}): Promise<Cluster> {
  mkdirSync(dir, { recursive: true })
  give(dir)
  runPg('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', user.name, '-D', join(dir, 'data'), '-R', '-X', 'stream',
    // a spread checkpoint would hold the copy for minutes on an idle primary
    '--checkpoint=fast', ...(opts.throwaway ? ['--no-sync'] : [])], { PGPASSWORD: user.password })
  const pwFile = join(dir, 'superuser-password')
  writeFileSync(pwFile, readFileSync(join(primary.dir, 'superuser-password')), { mode: 0o600 })
  give(pwFile)
  return startCluster(dir, { throwaway: opts.throwaway })
}

/** Stops the cluster if it runs and deletes its folder (tests). */
export function removeCluster(cluster: Cluster): void {
  try {
    cluster.stop()
  } finally {
    rmSync(cluster.dir, { recursive: true, force: true })
  }
}

/** Makes the database (when missing) and the PostGIS extension in it; returns its superuser URL. */
export async function ensureDatabase(cluster: Cluster, database: string): Promise<string> {
  const { default: pg } = await import('pg')
  const admin = new pg.Client({ connectionString: cluster.url('postgres') })
  await admin.connect()
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [database])
    // identifiers cannot be parameters: the name is checked instead
    if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`database name ${JSON.stringify(database)}: use lower-case letters, digits and _`)
    if (found.rowCount === 0) await admin.query(`create database ${database}`)
  } finally {
    await admin.end()
  }
  const url = cluster.url(database)
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    await c.query('create extension if not exists postgis')
  } finally {
    await c.end()
  }
  return url
}
