// The command line as one bundled JavaScript file (esbuild), so it starts without a TypeScript
// loader. Plain JavaScript itself: the package `bin` imports it before anything is built.
//   node src/cli/build-cli.mjs      build dist-node/pingan-map.mjs (npm run build does)
import { existsSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isStale } from './staleness.mjs'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const CLI_ENTRY = join(ROOT, 'src/cli/main.ts')
/** the thread that reads the second half of a big CSV (src/cli/incidents-parallel.ts) */
const WORKER_ENTRY = join(ROOT, 'src/cli/incidents-read-worker.ts')
export const CLI_BUNDLE = join(ROOT, 'dist-node/pingan-map.mjs')
/** besides src/: what changes the bundle's output (its dependencies, the JSON it inlines, the city generator city-load bundles) */
const INPUTS = [join(ROOT, 'src'), join(ROOT, 'package.json'), join(ROOT, 'geodata/demo/meta.json'), join(ROOT, 'geodata/lib')]

/** true when the bundle is missing or older than a source file */
export function cliBundleStale(bundle = CLI_BUNDLE, inputs = INPUTS) {
  return isStale(bundle, inputs)
}

/** Builds the bundle (esbuild's JS API, in-process: a few hundred ms). */
export async function buildCliBundle(outfile = CLI_BUNDLE) {
  const { build } = await import('esbuild')
  await build({
    // the worker lands beside the bundle, where incidents-parallel.ts looks for it
    entryPoints: { [basename(outfile, '.mjs')]: CLI_ENTRY, 'incidents-read-worker': WORKER_ENTRY },
    outdir: dirname(outfile),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // the packages are bundled too: resolving and loading ~200 files of node_modules one by one
    // was most of the start-up. playwright (only `snapshot`, loaded lazily) stays outside.
    external: ['playwright-core', 'esbuild'],
    // CommonJS packages inside an ES module bundle still call require() for node built-ins
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    sourcemap: 'linked',
    logLevel: 'warning',
  })
  return outfile
}

/** The bundle's path, built first when missing or stale; `rebuilt` says whether it was. */
export async function ensureCliBundle(bundle = CLI_BUNDLE, inputs = INPUTS) {
  if (!cliBundleStale(bundle, inputs)) return { bundle, rebuilt: false }
  try {
    await buildCliBundle(bundle)
  } catch (err) {
    // without esbuild (a production install) an existing bundle is still better than none
    if (!existsSync(bundle)) throw err
    process.stderr.write(`pingan-map: could not rebuild the command line (${err.message}); running the old build\n`)
    return { bundle, rebuilt: false }
  }
  return { bundle, rebuilt: true }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  await buildCliBundle()
  process.stderr.write(`built ${CLI_BUNDLE}\n`)
}
