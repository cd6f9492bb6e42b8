/**
 * The database the server and the command line use: DATABASE_URL when set, else the local
 * cluster under .data/pg (git-ignored), started when it is not already running. A cluster
 * already started by another process (the server, while the CLI adds a user) is joined, not
 * started twice: its port is in its postmaster.pid.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { REPO_ROOT } from '../cli/repo-root'
import { ensureDatabase, startCluster } from './pg-cluster'

export const LOCAL_DATA_DIR = join(REPO_ROOT, '.data/pg')
export const LOCAL_DATABASE = 'pingan'

export interface OpenedDatabase {
  url: string
  /** where it is, for messages (no password) */
  where: string
  /** stops the cluster when this process started it; nothing otherwise */
  stop(): void
}

async function reachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await c.connect()
    return true
  } catch {
    return false
  } finally {
    await c.end().catch(() => {})
  }
}

export async function openDatabase(opts: { env?: NodeJS.ProcessEnv; dataDir?: string; log?: (s: string) => void } = {}): Promise<OpenedDatabase> {
  const env = opts.env ?? process.env
  if (env.DATABASE_URL) {
    const u = new URL(env.DATABASE_URL)
    return { url: env.DATABASE_URL, where: `${u.hostname}:${u.port || 5432}${u.pathname}`, stop() {} }
  }
  const dir = opts.dataDir ?? LOCAL_DATA_DIR
  const pidFile = join(dir, 'data/postmaster.pid')
  const pwFile = join(dir, 'superuser-password')
  if (existsSync(pidFile) && existsSync(pwFile)) {
    // postmaster.pid: pid, data dir, start time, port, …
    const port = Number(readFileSync(pidFile, 'utf8').split('\n')[3])
    const url = `postgres://postgres:${encodeURIComponent(readFileSync(pwFile, 'utf8').trim())}@127.0.0.1:${port}/${LOCAL_DATABASE}`
    if (port > 0 && (await reachable(url))) return { url, where: `${dir} (port ${port}, already running)`, stop() {} }
  }
  const cluster = await startCluster(dir, { log: opts.log })
  const url = await ensureDatabase(cluster, LOCAL_DATABASE)
  return { url, where: `${dir} (port ${cluster.port})`, stop: () => cluster.stop() }
}
