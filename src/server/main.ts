/**
 * `npm run server`: the command centre's server. PORT (default 8080) and HOST (127.0.0.1)
 * choose where it listens; DATABASE_URL the database (default: a local cluster under .data/);
 * DATABASE_REPLICA_URLS (comma-separated) streaming replicas for the read routes, and
 * DATABASE_REPLICA_MAX_LAG_MS how far behind one may be and still serve (default 5000);
 * PINGAN_ADMIN_PASSWORD the first admin's password (default: generated and printed once);
 * PINGAN_BRIEFING_AT the daily briefings' local time (HH:MM Asia/Shanghai; off when unset) and
 * PINGAN_BRIEFING_FORMATS their formats (pdf,png).
 * Run by tsx: one long-running process, so the TypeScript loader's start-up is paid once, and
 * there is no second bundle to keep fresh beside the command line's.
 */
import { ensureAppBuilt, DIST_DIR } from './build-app'
import { startServer } from './server'

const log = (s: string) => process.stdout.write(s + '\n')

async function main(): Promise<void> {
  const port = process.env.PORT ? Number(process.env.PORT) : 8080
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT ${process.env.PORT}: not a port number`)
  ensureAppBuilt(log)
  const server = await startServer({ port, host: process.env.HOST || '127.0.0.1', distDir: DIST_DIR, log })
  log(`平安地图 Pingan Map server: ${server.url}`)
  let closing = false
  const stop = (signal: string) => {
    if (closing) return
    closing = true
    log(`${signal}: stopping`)
    server.close().then(() => process.exit(0), (err) => {
      process.stderr.write(`while stopping: ${(err as Error).message}\n`)
      process.exit(1)
    })
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((err) => {
  process.stderr.write(`pingan-map server: ${(err as Error).message}\n`)
  process.exit(1)
})
