/**
 * The command line as users run it: the esbuild bundle under node, no TypeScript loader. Its
 * output must be the in-process command's, and the `bin` must rebuild it when src/ is newer.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCliBundle, cliBundleStale, ensureCliBundle } from '../../../src/cli/build-cli.mjs'
import { mainHelp, runCli } from '../../../src/cli/main'

// inside the repository (git-ignored dist-node/), so the bundle finds the repository from its path
const outDir = resolve('dist-node', `test-${process.pid}`)
const bundle = join(outDir, 'pingan-map.mjs')
let tmp = ''

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true })
  tmp = mkdtempSync(join(tmpdir(), 'pingan-bundle-'))
  await buildCliBundle(bundle)
}, 120_000)

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true })
  rmSync(tmp, { recursive: true, force: true })
})

const node = (...args: string[]) => spawnSync(process.execPath, [bundle, ...args], { encoding: 'utf8' })

describe('the bundled command line', () => {
  it('is plain JavaScript that loads no TypeScript', () => {
    const text = readFileSync(bundle, 'utf8')
    expect(text).not.toMatch(/from ["']tsx/)
    expect(text).not.toMatch(/\.ts["']\)?;?\n/)
  })

  it('prints the same --help as the in-process command line', () => {
    const r = node('--help')
    expect(r.status).toBe(0)
    expect(r.stdout).toBe(mainHelp())
  })

  it('joins a small file to the same CSV as the in-process call, and --timings names the phases', async () => {
    const areas = join(tmp, 'areas.geojson'), incidents = join(tmp, 'incidents.csv')
    const sq = (id: string, x0: number) => ({
      type: 'Feature', properties: { id },
      geometry: { type: 'Polygon', coordinates: [[[x0, 36], [x0 + 0.01, 36], [x0 + 0.01, 36.01], [x0, 36.01], [x0, 36]]] },
    })
    writeFileSync(areas, JSON.stringify({ type: 'FeatureCollection', features: [sq('W', 119), sq('E', 119.01)] }))
    writeFileSync(incidents, [
      'id,time,category,subtype,lon,lat',
      'a,2024-05-03T22:00:00,criminal,盗窃,119.005,36.005',
      'b,2024-05-03T22:00:00,fire,火灾,119.015,36.005',
      'c,2024-05-03T22:00:00,fire,火灾,119.015,36.006',
      'd,2024-05-03T22:00:00,fire,火灾,119.5,36.006',
    ].join('\n') + '\n')
    const args = (out: string) => ['join', '--areas', areas, '--incidents', incidents, '--out', join(tmp, out)]
    const r = node(...args('bundle.csv'), '--timings')
    expect(r.status).toBe(0)
    expect(r.stderr).toMatch(/timings: start-up \d+ ms, read areas \d+ ms, read incidents \d+ ms, index \d+ ms, join \d+ ms, count \d+ ms, write \d+ ms, total [\d,]+ ms/)
    const quiet = { warn: () => {}, info: () => {} }
    expect(await runCli(args('in-process.csv'), quiet)).toBe(0)
    const bundled = readFileSync(join(tmp, 'bundle.csv'), 'utf8')
    expect(bundled).toBe(readFileSync(join(tmp, 'in-process.csv'), 'utf8'))
    expect(bundled.split('\n').slice(1, 3)).toEqual(['W,1,1,0,0,0,0', 'E,2,0,0,2,0,0'])
  })

  it('fails like the in-process command line: exit 2 and the message on stderr', () => {
    const r = node('join', '--areas', 'x.geojson')
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/--(incidents|out) is required/)
  })
})

describe('rebuilding on demand', () => {
  it('is stale when missing or older than any input file, fresh otherwise', () => {
    const src = join(tmp, 'src'), out = join(tmp, 'stale', 'b.mjs')
    mkdirSync(join(src, 'deep'), { recursive: true })
    mkdirSync(join(tmp, 'stale'), { recursive: true })
    writeFileSync(join(src, 'deep', 'a.ts'), 'x')
    expect(cliBundleStale(out, [src])).toBe(true)
    writeFileSync(out, 'built')
    const t = Date.now() / 1000
    utimesSync(join(src, 'deep', 'a.ts'), t - 100, t - 100)
    utimesSync(join(src, 'deep'), t - 100, t - 100)
    utimesSync(src, t - 100, t - 100)
    utimesSync(out, t - 50, t - 50)
    expect(cliBundleStale(out, [src])).toBe(false)
    utimesSync(join(src, 'deep', 'a.ts'), t - 10, t - 10)
    expect(cliBundleStale(out, [src])).toBe(true)
  })

  it('ensureCliBundle rebuilds a stale bundle into a working one and leaves a fresh one alone', async () => {
    const b = join(outDir, 'ensure.mjs')
    writeFileSync(b, 'throw new Error("old build")\n')
    const t = Date.now() / 1000
    utimesSync(b, t - 1e6, t - 1e6) // older than every file in src/
    const first = await ensureCliBundle(b)
    expect(first.rebuilt).toBe(true)
    const builtAt = statSync(b).mtimeMs
    expect(execFileSync(process.execPath, [b, '--help'], { encoding: 'utf8' })).toBe(mainHelp())
    const second = await ensureCliBundle(b)
    expect(second.rebuilt).toBe(false)
    expect(statSync(b).mtimeMs).toBe(builtAt)
  }, 120_000)
})
