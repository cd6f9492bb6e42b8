// The server alone, as its own process so the soak can read its memory: DATABASE_URL and PORT
// from the environment, and DIST_DIR, the app's build it serves (API only without it); prints
// its URL when it listens.
import { startServer } from '../../src/server/server'

const server = await startServer({ port: Number(process.env.PORT ?? 0), log: () => {}, ...(process.env.DIST_DIR && { distDir: process.env.DIST_DIR }) })
process.stdout.write(`listening ${server.url}\n`)
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)))
