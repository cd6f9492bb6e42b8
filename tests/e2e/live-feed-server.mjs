// A live-feed server that can be killed: it proxies every request to the preview server
// (`upstream`) except GET /live/feed, a Server-Sent Events stream of `total` incidents
// L000001… at `rate` a second in 250 ms ticks, with junk between them (not counted in
// `total`): after every 1,000th incident an oversized message, after every 997th a malformed
// one. Its cursor is persisted (after the write callback) to `stateFile`; a restart resumes
// 1,500 incidents before it, as a server without Last-Event-ID resends what the client saw.
// Nothing is sent while `gateFile` is missing (the test opens the gate once the wall is up).
// Plain Node ESM without dependencies, run as `node live-feed-server.mjs …`, so that SIGKILL
// kills the very process that holds the port.
//
// usage: node live-feed-server.mjs <port> <upstream> <stateFile> <total> <rate> <gateFile>
import { createServer, request } from 'node:http'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'

const [port, upstream, stateFile, total, rate, gateFile] = process.argv.slice(2)
const TOTAL = Number(total), PER_TICK = Math.max(1, Math.round(Number(rate) / 4))
const REPLAY = 1500
const up = new URL(upstream)

const read = () => {
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8'))
  } catch {
    return { cursor: 0, oversized: 0, malformed: 0, starts: 0, done: false }
  }
}
const state = read()
state.starts++
let cursor = Math.max(0, state.cursor - REPLAY)
// what is resent is not done yet
state.done = cursor >= TOTAL
// written aside and renamed: a kill mid-write, or a reader, never sees half a file
const persist = () => {
  writeFileSync(`${stateFile}.tmp`, JSON.stringify(state))
  renameSync(`${stateFile}.tmp`, stateFile)
}
persist()

// incidents inside the demo district, on its last day, in categories the demo uses
const SPOTS = [[119.083913, 36.715403], [119.091817, 36.709725], [119.062601, 36.718244], [119.081159, 36.710425], [119.079227, 36.712615]]
const KINDS = [['criminal', 'theft'], ['public_order', 'fight'], ['fire', 'fire'], ['problem', 'hazard_report']]
const DAY = Date.parse('2025-12-31T00:00:00Z')
function incident(n) {
  const [lon, lat] = SPOTS[n % SPOTS.length]
  const [category, subtype] = KINDS[n % KINDS.length]
  const time = new Date(DAY + (n % 86_400) * 1000).toISOString().slice(0, 19)
  const d = ((n * 7919) % 1000) / 1e5 - 0.005
  return `L${String(n).padStart(6, '0')},${time},${category},${subtype},${(lon + d).toFixed(6)},${(lat - d).toFixed(6)},`
}
/** The messages for incident n: the incident, then the junk that follows it. */
function messages(n, counts) {
  const out = [incident(n)]
  if (n % 1000 === 0) {
    // a well-formed row but far too long: the client must drop it unread
    out.push(`O${n},2025-12-31T12:00:00,fire,fire,119.08,36.71,${'x'.repeat(20_000)}`)
    counts.oversized++
  }
  if (n % 997 === 0) {
    out.push(`{"id":"M${n}","time":`)
    counts.malformed++
  }
  return out
}

let csp = null
async function upstreamCsp() {
  if (csp !== null) return csp
  const res = await fetch(new URL('/', up))
  await res.arrayBuffer()
  return (csp = res.headers.get('content-security-policy') ?? '')
}

let feed = null
function startFeed(res) {
  feed?.end()
  feed = res
  let busy = false
  const timer = setInterval(() => {
    if (busy || res !== feed || !existsSync(gateFile)) return
    if (cursor >= TOTAL) {
      if (!state.done) {
        state.done = true
        persist()
      }
      return
    }
    const counts = { oversized: 0, malformed: 0 }
    const to = Math.min(TOTAL, cursor + PER_TICK)
    let chunk = ''
    for (let n = cursor + 1; n <= to; n++) for (const m of messages(n, counts)) chunk += `data: ${m}\n\n`
    busy = true
    res.write(chunk, () => {
      busy = false
      cursor = to
      state.cursor = to
      state.oversized += counts.oversized
      state.malformed += counts.malformed
      persist()
    })
  }, 250)
  res.on('close', () => clearInterval(timer))
}

createServer(async (req, res) => {
  if (req.method === 'GET' && req.url.split('?')[0] === '/live/feed') {
    const policy = await upstreamCsp().catch(() => '')
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', ...(policy && { 'content-security-policy': policy }) })
    res.flushHeaders()
    startFeed(res)
    return
  }
  const p = request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: { ...req.headers, host: up.host } }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers)
    r.pipe(res)
  })
  p.on('error', (e) => {
    if (!res.headersSent) res.writeHead(502)
    res.end(String(e))
  })
  req.pipe(p)
}).listen(Number(port), '127.0.0.1', () => console.log(`live-feed-server listening on ${port}, from ${cursor}`))
