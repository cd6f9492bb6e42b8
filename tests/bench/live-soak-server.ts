// The server alone (API only, no app build), as its own process so the soak can read its
// memory: DATABASE_URL and PORT from the environment; prints its URL when it listens.
import { startServer } from '../../src/server/server'

const server = await startServer({ port: Number(process.env.PORT ?? 0), log: () => {} })
process.stdout.write(`listening ${server.url}\n`)
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)))
