import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { scenesFileJson, type Scene } from '../../../src/core/scenes'
import { SNAPSHOT_PRESETS } from '../../../src/export/snapshot-options'
import type { SnapshotRequest, SnapshotResult } from '../../../src/export/page-api'
import { CliError } from '../../../src/cli/cli-io'
import { runCli } from '../../../src/cli/main'
import { parseSnapshotFlags, pageMessage, readSceneFile, type SnapshotJob } from '../../../src/cli/commands/snapshot'

// No browser and no server in unit tests: the headless module is a fake that records its calls.
const fake = vi.hoisted(() => ({
  calls: [] as string[],
  requests: [] as unknown[],
  /** what page.evaluate(snapshot) does */
  snapshot: null as null | ((req: unknown) => Promise<unknown>),
}))

vi.mock('../../../src/cli/headless', () => ({
  REPO_ROOT: '/repo',
  freePort: async () => 45678,
  buildApp: (dir: string) => {
    fake.calls.push(`build ${dir}`)
    writeFileSync(`${dir}/index.html`, '<!doctype html>')
  },
  startPreview: async (port: number, dir: string) => {
    fake.calls.push(`preview ${port} ${dir}`)
    return { url: `http://127.0.0.1:${port}`, stop: () => fake.calls.push('stop preview') }
  },
  launchChromium: async () => {
    fake.calls.push('launch')
    const page = {
      on: () => {},
      goto: async (url: string) => fake.calls.push(`goto ${url}`),
      waitForFunction: async () => {},
      evaluate: async (fn: unknown, arg?: unknown) => {
        if (arg === undefined) {
          fake.calls.push(`evaluate ${String(fn)}`)
          return undefined
        }
        fake.requests.push(arg)
        return fake.snapshot!(arg)
      },
    }
    return {
      newContext: async (opts: unknown) => {
        fake.calls.push(`context ${JSON.stringify(opts)}`)
        return { newPage: async () => page }
      },
      close: async () => fake.calls.push('close browser'),
    }
  },
}))

let dir = ''
const path = (f: string) => join(dir, f)

const parse = (...argv: string[]): SnapshotJob => {
  const values: Record<string, string> = {}
  for (let i = 0; i < argv.length; i += 2) values[argv[i].replace(/^--/, '')] = argv[i + 1]
  return parseSnapshotFlags(values)
}
const size = (...argv: string[]) => {
  const { format: _format, ...rest } = parse('--out', path('x.png'), ...argv).request
  return rest
}

/** The CliError a command line gives: its message must name `flag`, and a wrong command line is exit 2. */
function rejects(flag: string, ...argv: string[]): string {
  let err: unknown
  try {
    parse(...argv)
  } catch (e) {
    err = e
  }
  expect(err, argv.join(' ')).toBeInstanceOf(CliError)
  expect((err as CliError).exitCode).toBe(2)
  expect((err as CliError).message).toContain(flag)
  return (err as CliError).message
}

async function cli(...argv: string[]) {
  const err: string[] = []
  const code = await runCli(['snapshot', ...argv], { warn: (l) => err.push(l), info: (l) => err.push(l) }, () => {})
  return { code, err: err.join('\n') }
}

const scene = (over: Partial<Scene> = {}): Scene => ({
  id: 'night', title: '夜间警情', center: [119.0232, 36.705396], zoom: 13, layers: ['incidents', 'streets'],
  filter: { categories: [0], subtypes: null, from: null, to: null, hours: [20, 6], weekdays: null }, durationS: 30, ...over,
})

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pingan-snapshot-'))
  mkdirSync(path('dist'))
  writeFileSync(path('dist/index.html'), '<!doctype html>')
  mkdirSync(path('empty-dist'))
})

beforeEach(() => {
  fake.calls = []
  fake.requests = []
  fake.snapshot = null
})

describe('snapshot flags', () => {
  it('defaults: a 4K PNG of the default view in Chinese, served from the project build', () => {
    const job = parse('--out', path('a.png'))
    expect(job.request).toEqual({ format: 'png', preset: '4k' })
    expect(job).toMatchObject({ out: path('a.png'), lang: 'zh-CN', viewport: { width: 1920, height: 1080 }, dist: resolve('/repo', 'dist'), timeoutMs: 120_000 })
    expect(job.baseUrl).toBeUndefined()
    expect(job.scenePath).toBeUndefined()
  })

  it('takes the format from the extension of --out, in any case', () => {
    expect(parse('--out', path('a.PNG')).request.format).toBe('png')
    expect(parse('--out', path('a.pdf')).request).toEqual({ format: 'pdf', paper: 'a4' })
    expect(parse('--out', path('b.Pdf'), '--paper', 'a3').request).toEqual({ format: 'pdf', paper: 'a3' })
    expect(rejects('--out', '--out', path('a.jpg'))).toContain('.png or .pdf')
    rejects('--out', '--out', path('noext'))
    rejects('--out', '--width', '10', '--height', '10')
    rejects('--out', '--out', '')
    expect(rejects('--out', '--out', path('missing/a.png'))).toContain('does not exist')
  })

  it('--width/--height: both, whole pixels 1…8192', () => {
    expect(size('--width', '1280', '--height', '720')).toEqual({ width: 1280, height: 720 })
    expect(size('--width', '8192', '--height', '1')).toEqual({ width: 8192, height: 1 })
    for (const bad of ['0', '-5', '8193', '12.5', 'abc', '', '1e3']) {
      rejects('--width', '--out', path('x.png'), '--width', bad, '--height', '100')
      rejects('--height', '--out', path('x.png'), '--width', '100', '--height', bad)
    }
    rejects('--height', '--out', path('x.png'), '--width', '100')
    rejects('--width', '--out', path('x.png'), '--height', '100')
    expect(rejects('--width', '--out', path('x.pdf'), '--width', '100', '--height', '100')).toContain('PDF')
  })

  it('--preset: every preset; the paper presets become paper sizes', () => {
    for (const p of SNAPSHOT_PRESETS) {
      expect(size('--preset', p)).toEqual(p === 'a4' || p === 'a3' ? { paper: p } : { preset: p })
    }
    expect(size('--preset', '4K')).toEqual({ preset: '4k' })
    expect(rejects('--preset', '--out', path('x.png'), '--preset', 'hd')).toContain('screen, x2, 4k, a4, a3')
    expect(parse('--out', path('x.pdf'), '--preset', 'a3').request).toEqual({ format: 'pdf', paper: 'a3' })
    rejects('--preset', '--out', path('x.pdf'), '--preset', '4k')
  })

  it('--paper and --dpi: 72…600, and no more pixels than WebGL draws', () => {
    expect(size('--paper', 'a3')).toEqual({ paper: 'a3' })
    expect(size('--paper', 'A4', '--dpi', '150')).toEqual({ paper: 'a4', dpi: 150 })
    expect(size('--preset', 'a4', '--dpi', '600')).toEqual({ paper: 'a4', dpi: 600 })
    expect(size('--paper', 'a3', '--dpi', '495')).toEqual({ paper: 'a3', dpi: 495 })
    expect(parse('--out', path('x.pdf'), '--dpi', '200').request).toEqual({ format: 'pdf', paper: 'a4', dpi: 200 })
    rejects('--paper', '--out', path('x.png'), '--paper', 'a5')
    for (const bad of ['71', '601', 'x', '', '-300']) rejects('--dpi', '--out', path('x.png'), '--paper', 'a4', '--dpi', bad)
    expect(rejects('--dpi', '--out', path('x.png'), '--paper', 'a3', '--dpi', '600')).toMatch(/9921 × 7016 px.*at most 495 dpi/)
    rejects('--dpi', '--out', path('x.png'), '--dpi', '300')
    rejects('--dpi', '--out', path('x.png'), '--preset', '4k', '--dpi', '300')
    rejects('--dpi', '--out', path('x.png'), '--width', '100', '--height', '100', '--dpi', '300')
  })

  it('one size only', () => {
    const m = rejects('--preset', '--out', path('x.png'), '--width', '100', '--height', '100', '--preset', '4k')
    expect(m).toContain('--width/--height')
    rejects('--paper', '--out', path('x.png'), '--preset', 'x2', '--paper', 'a4')
  })

  it('--title and --marking', () => {
    expect(parse('--out', path('x.png'), '--title', '  每日警情简报 ', '--marking', '内部资料 注意保密').request)
      .toMatchObject({ title: '每日警情简报', marking: '内部资料 注意保密' })
    expect(parse('--out', path('x.png'), '--marking', '').request.marking).toBe('')
    rejects('--title', '--out', path('x.png'), '--title', '   ')
    rejects('--title', '--out', path('x.png'), '--title', '长'.repeat(121))
    rejects('--marking', '--out', path('x.png'), '--marking', 'x'.repeat(121))
  })

  it('--lang, --viewport, --timeout', () => {
    expect(parse('--out', path('x.png'), '--lang', 'en').lang).toBe('en')
    expect(parse('--out', path('x.png'), '--lang', 'zh-cn').lang).toBe('zh-CN')
    rejects('--lang', '--out', path('x.png'), '--lang', 'fr')
    expect(parse('--out', path('x.png'), '--viewport', '1280x800').viewport).toEqual({ width: 1280, height: 800 })
    expect(parse('--out', path('x.png'), '--viewport', '1280×800').viewport).toEqual({ width: 1280, height: 800 })
    for (const bad of ['1280', '0x800', '9000x800', '1280x', 'axb', '12.5x4']) rejects('--viewport', '--out', path('x.png'), '--viewport', bad)
    expect(parse('--out', path('x.png'), '--timeout', '300').timeoutMs).toBe(300_000)
    for (const bad of ['0', '-1', 'soon']) rejects('--timeout', '--out', path('x.png'), '--timeout', bad)
  })

  it('--base-url and --dist', () => {
    expect(parse('--out', path('x.png'), '--base-url', 'http://127.0.0.1:4173/').baseUrl).toBe('http://127.0.0.1:4173')
    expect(parse('--out', path('x.png'), '--base-url', 'https://maps.local/pingan/').baseUrl).toBe('https://maps.local/pingan')
    for (const bad of ['127.0.0.1:4173', 'ftp://host/', 'nonsense', 'http://h/?lang=en']) rejects('--base-url', '--out', path('x.png'), '--base-url', bad)
    expect(parse('--out', path('x.png'), '--dist', 'dist-cli').dist).toBe(resolve('dist-cli'))
    rejects('--dist', '--out', path('x.png'), '--dist', 'dist-cli', '--base-url', 'http://127.0.0.1:4173')
  })

  it('--scene and --scene-id', () => {
    const job = parse('--out', path('x.png'), '--scene', path('s.json'), '--scene-id', 'night')
    expect(job.scenePath).toBe(path('s.json'))
    expect(job.request.sceneId).toBe('night')
    rejects('--scene-id', '--out', path('x.png'), '--scene-id', 'night')
    rejects('--scene-id', '--out', path('x.png'), '--scene', path('s.json'), '--scene-id', ' ')
    rejects('--scene', '--out', path('x.png'), '--scene', '')
  })
})

describe('snapshot --brief', () => {
  it('--brief daily|weekly --date D: the 8:00 briefing request, on A4 by default', () => {
    expect(parse('--out', path('b.pdf'), '--brief', 'daily', '--date', '2025-12-31').request).toEqual({ format: 'pdf', paper: 'a4', brief: { kind: 'daily', date: '2025-12-31' } })
    expect(parse('--out', path('b.pdf'), '--brief', 'Weekly', '--date', '2025-12-31', '--paper', 'a3').request).toMatchObject({ paper: 'a3', brief: { kind: 'weekly', date: '2025-12-31' } })
  })

  it('needs a PDF and a real date, goes without a scene, and --date needs --brief', () => {
    rejects('--brief', '--out', path('b.pdf'), '--brief', 'monthly', '--date', '2025-12-31')
    expect(rejects('--date', '--out', path('b.pdf'), '--brief', 'daily')).toContain('YYYY-MM-DD')
    expect(rejects('--date', '--out', path('b.pdf'), '--brief', 'daily', '--date', '2025-02-29')).toContain('not a calendar date')
    rejects('--date', '--out', path('b.pdf'), '--brief', 'daily', '--date', '31.12.2025')
    rejects('--brief', '--out', path('b.png'), '--brief', 'daily', '--date', '2025-12-31')
    rejects('--brief', '--out', path('b.pdf'), '--date', '2025-12-31')
    rejects('--scene', '--out', path('b.pdf'), '--brief', 'daily', '--date', '2025-12-31', '--scene', path('s.json'))
  })
})

describe('scene file', () => {
  it('passes a scenes export file through as it is (the page validates it)', () => {
    // the second entry is broken: reading must not judge it, the page reports it
    const text = JSON.stringify({ ...JSON.parse(scenesFileJson([scene()])), scenes: [scene(), { id: 'bad', zoom: 99 }] })
    writeFileSync(path('scenes.json'), text)
    expect(readSceneFile(path('scenes.json'))).toEqual(JSON.parse(text))
    expect((readSceneFile(path('scenes.json')) as { format: string }).format).toBe('pingan-map-scenes')
  })

  it('passes a single scene object through, with or without a BOM', () => {
    writeFileSync(path('one.json'), `\uFEFF${JSON.stringify(scene({ title: '<b>标题</b>' }))}`)
    expect(readSceneFile(path('one.json'))).toEqual(scene({ title: '<b>标题</b>' }))
  })

  it('a missing, unreadable or non-JSON file is an error naming --scene and the file', () => {
    const fail = (p: string) => {
      try {
        readSceneFile(p)
      } catch (e) {
        expect(e).toBeInstanceOf(CliError)
        expect((e as CliError).exitCode).toBe(1)
        expect((e as Error).message).toContain(`--scene ${p}`)
        return (e as Error).message
      }
      throw new Error(`${p} was read`)
    }
    expect(fail(path('nope.json'))).toContain('ENOENT')
    expect(fail(dir)).toContain('EISDIR')
    writeFileSync(path('broken.json'), '{"scenes": [')
    expect(fail(path('broken.json'))).toContain('not valid JSON')
    writeFileSync(path('number.json'), '42')
    expect(fail(path('number.json'))).toContain('expected a JSON object')
  })
})

describe('snapshot command (browser faked)', () => {
  const png = Buffer.from('\x89PNG fake bytes', 'binary')
  const result = (req: SnapshotRequest): SnapshotResult => ({
    base64: png.toString('base64'), mime: req.format === 'png' ? 'image/png' : 'application/pdf', fileName: 'x', width: 1280, height: 720, ms: 42, legend: ['警情热力', '街道'], phases: { map: 30 },
  })

  it('fails on a bad scene file before anything is built, served or launched', async () => {
    writeFileSync(path('broken.json'), 'not json')
    const r = await cli('--scene', path('broken.json'), '--out', path('x.png'), '--dist', path('empty-dist'))
    expect(r.code).toBe(1)
    expect(r.err).toContain('not valid JSON')
    const missing = await cli('--scene', path('missing.json'), '--out', path('x.png'))
    expect(missing.code).toBe(1)
    expect(missing.err).toMatch(/pingan-map snapshot: --scene .*missing\.json: cannot read \(ENOENT\)/)
    expect((await cli('--out', path('x.png'), '--width', '0', '--height', '5')).code).toBe(2)
    expect((await cli('--out', path('x.png'), '--wdith', '5')).code).toBe(2)
    expect(fake.calls).toEqual([])
  })

  it('serves the build on a free port, sends the scene raw, writes the bytes, closes everything', async () => {
    writeFileSync(path('one.json'), JSON.stringify(scene()))
    fake.snapshot = async (req) => result(req as SnapshotRequest)
    const r = await cli('--scene', path('one.json'), '--width', '1280', '--height', '720', '--lang', 'en', '--viewport', '1280x800', '--out', path('out.png'), '--dist', path('dist'))
    expect(r.err).toContain('opening http://127.0.0.1:45678/?lang=en')
    expect(r.code).toBe(0)
    expect(readFileSync(path('out.png'))).toEqual(png)
    expect(fake.requests).toEqual([{ format: 'png', width: 1280, height: 720, scene: scene() }])
    expect(fake.calls).toEqual([
      `preview 45678 ${path('dist')}`, 'launch', 'context {"viewport":{"width":1280,"height":800},"deviceScaleFactor":1}',
      'goto http://127.0.0.1:45678/?lang=en', 'evaluate () => window.pinganAutomation.ready()', 'close browser', 'stop preview',
    ])
    expect(r.err).toMatch(/export took 42 ms/)
    expect(r.err).toContain('legend: 警情热力, 街道')
    expect(r.err).toMatch(/wrote .*out\.png \(1 KB, 1280 × 720 px\)/)
  })

  it('builds a missing build first; with --base-url it serves nothing', async () => {
    fake.snapshot = async (req) => result(req as SnapshotRequest)
    const built = await cli('--out', path('b.pdf'), '--dist', path('empty-dist'))
    expect(built.code).toBe(0)
    expect(built.err).toContain('index.html is missing: building')
    expect(fake.calls.slice(0, 2)).toEqual([`build ${path('empty-dist')}`, `preview 45678 ${path('empty-dist')}`])
    fake.calls = []
    const r = await cli('--out', path('c.png'), '--base-url', 'http://127.0.0.1:4173/')
    expect(r.code).toBe(0)
    expect(fake.calls.filter((c) => /preview|build|stop/.test(c))).toEqual([])
    expect(fake.calls).toContain('goto http://127.0.0.1:4173/?lang=zh-CN')
  })

  it('the page\'s error reaches stderr, exit 1, and the browser and server are still closed', async () => {
    fake.snapshot = async () => {
      throw new Error('page.evaluate: Error: scene 1 (night): center must be [lon, lat] in degrees (|lon| ≤ 180, |lat| ≤ 85)\n    at eval (eval at evaluate (:313:29))')
    }
    writeFileSync(path('one.json'), JSON.stringify(scene()))
    const r = await cli('--scene', path('one.json'), '--out', path('d.png'), '--dist', path('dist'))
    expect(r.code).toBe(1)
    expect(r.err).toContain('pingan-map snapshot: the page could not make the snapshot: scene 1 (night): center must be [lon, lat]')
    expect(r.err).not.toContain('eval at')
    expect(fake.calls.slice(-2)).toEqual(['close browser', 'stop preview'])
  })

  it('a result of the wrong type is an error', async () => {
    fake.snapshot = async (req) => ({ ...result(req as SnapshotRequest), mime: 'image/png' })
    const r = await cli('--out', path('e.pdf'), '--base-url', 'http://127.0.0.1:4173')
    expect(r.code).toBe(1)
    expect(r.err).toContain('not application/pdf')
  })
})

describe('pageMessage', () => {
  it('keeps the page\'s message and drops playwright\'s wrapping', () => {
    expect(pageMessage(new Error('page.evaluate: SceneError: scene 2 (x): zoom must be a number 0…22\n    at foo'))).toBe('scene 2 (x): zoom must be a number 0…22')
    expect(pageMessage(new Error('page.waitForFunction: Timeout 120000ms exceeded.\n=========================== logs ===========================\nwaiting'))).toBe('Timeout 120000ms exceeded.')
    expect(pageMessage(new Error('page.waitForFunction: Target page, context or browser has been closed\nBrowser logs:\n\n<launching> /usr/bin/chromium'))).toBe('Target page, context or browser has been closed')
    expect(pageMessage('plain')).toBe('plain')
  })
})
