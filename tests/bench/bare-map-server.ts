/**
 * Serves the cold-start benchmark's bare MapLibre page (tests/bench/bare-map/), MapLibre's own
 * files from node_modules and the demo's GeoJSON from geodata/demo, on 127.0.0.1 only.
 */
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize, resolve } from 'node:path'
import { REPO_ROOT } from '../../src/cli/headless'

const ROUTES: Record<string, string> = {
  '/bare/': resolve(REPO_ROOT, 'tests/bench/bare-map'),
  '/vendor/': resolve(REPO_ROOT, 'node_modules/maplibre-gl/dist'),
  '/demo/': resolve(REPO_ROOT, 'geodata/demo'),
}
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.geojson': 'application/geo+json',
}

export async function startBareMapServer(port: number): Promise<{ url: string; stop: () => void }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const prefix = Object.keys(ROUTES).find((p) => path.startsWith(p))
    const file = prefix ? join(ROUTES[prefix], normalize(path.slice(prefix.length) || 'index.html')) : ''
    // normalize() keeps a request inside its folder: '..' cannot climb above the route's root
    if (!prefix || !file.startsWith(ROUTES[prefix]) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size })
    createReadStream(file).pipe(res)
  })
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(port, '127.0.0.1', done)
  })
  return { url: `http://127.0.0.1:${port}/bare/`, stop: () => server.close() }
}
