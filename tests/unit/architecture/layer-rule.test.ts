/**
 * The layer rule (.dependency-cruiser.cjs, run by `npm run lint:deps`) catches what it names:
 * on a tiny tree laid out like src/ with known bad imports it reports exactly those, each with
 * its rule and both files, and the app's own src/ keeps it.
 */
import { describe, expect, it } from 'vitest'
import { resolve } from 'node:path'
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser'
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options'
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config'

const ROOT = resolve(__dirname, '../../..')
const FIXTURE = resolve(ROOT, 'tests/fixtures/layer-rule')

/** The repository's own configuration, run from `baseDir` as the command line runs it from the root. */
async function cruiseSrc(baseDir: string, outputType: ICruiseOptions['outputType'] = 'json') {
  const options = await extractDepcruiseOptions(resolve(ROOT, '.dependency-cruiser.cjs'))
  const tsConfig = extractTSConfig(resolve(ROOT, 'tsconfig.json'))
  return (await cruise(['src'], { ...options, baseDir, outputType }, {}, { tsConfig })).output
}

describe('layer rule', () => {
  it('reports each bad import of the fixture tree with its rule and both files, and nothing else', async () => {
    const result = JSON.parse(String(await cruiseSrc(FIXTURE))) as ICruiseResult
    const found = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort()
    // the cycle is reported once, from the module the cruise met first
    expect(found).toEqual([
      // a runtime import of a worker client breaks two rules: it calls a worker, and it is not the contracts
      'components-call-no-worker: src/components/KpiPanel.vue → src/workers/analytics-client.ts',
      'components-import-worker-contracts-only: src/components/KpiPanel.vue → src/workers/analytics-client.ts',
      'map-no-stores: src/map/incidents-overlay.ts → src/stores/incident-display.ts',
      'no-circular: src/stores/filters.ts → src/stores/timeline.ts',
      'no-unresolvable: src/components/RenamedImport.vue → ../map/heat-layers',
    ])
    expect(result.summary.error).toBe(5)
    // the allowed imports were cruised, not skipped: a component's type-only worker import and its store and map imports
    const panel = result.modules.find((m) => m.source === 'src/components/MapPanel.vue')
    expect(panel?.dependencies.map((d) => d.resolved).sort()).toEqual(['src/map/heat-layer.ts', 'src/stores/incident-display.ts', 'src/workers/contracts.ts'])
  })

  it('prints the rule name and both files of a violation', async () => {
    const text = String(await cruiseSrc(FIXTURE, 'err'))
    expect(text).toContain('error map-no-stores: src/map/incidents-overlay.ts → src/stores/incident-display.ts')
  })

  it("passes on the app's src/, Vue components included", async () => {
    const result = JSON.parse(String(await cruiseSrc(ROOT))) as ICruiseResult
    const errors = result.summary.violations.filter((v) => v.rule.severity === 'error')
    expect(errors.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([])
    const vue = result.modules.filter((m) => m.source.startsWith('src/components/') && m.source.endsWith('.vue'))
    expect(vue.length).toBeGreaterThan(10)
    // a component's imports are read: MapView draws the overlays of map/
    expect(result.modules.find((m) => m.source === 'src/components/MapView.vue')?.dependencies.some((d) => d.resolved.startsWith('src/map/'))).toBe(true)
  })
})
