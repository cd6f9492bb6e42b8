import { CliError, type Log } from '../cli-io'
import type { Command, FlagValues } from '../command'
import type { CityDistrictInput, CityIncidentBatch } from '../../server/city-load'
import { buildCity, districtLayers, type CityDistrict } from '../../../geodata/lib/city'
import { cityIncidentId, cityIncidents } from '../../../geodata/lib/city-incidents'

export const CITY_DEFAULT_INCIDENTS = 20_000_000
export const CITY_DEFAULT_SEED = 20240101

/** The generated city (geodata/lib/city.ts) as the city loader's input: districts, then incidents streamed. */
export function generatedCity(opts: { seed: number; incidents: number; gridMetres?: number }): { city: CityDistrict[]; districts: CityDistrictInput[]; batches: Iterable<CityIncidentBatch> } {
  const city = buildCity({ seed: opts.seed, gridMetres: opts.gridMetres })
  const districts = city.map((d) => ({ code: d.code, name: d.name, layers: districtLayers(d) }))
  const batches = {
    *[Symbol.iterator]() {
      for (const b of cityIncidents(city, opts.incidents, opts.seed)) {
        const d = city[b.district]
        yield { ...b, sourceId: (i: number) => cityIncidentId(d, b.firstSeq + i) }
      }
    },
  }
  return { city, districts, batches }
}

function intFlag(v: FlagValues, name: string, fallback: number): number {
  const s = v[name] as string | undefined
  if (s === undefined) return fallback
  const n = Number(s.replace(/_/g, ''))
  if (!Number.isInteger(n) || n < 0) throw new CliError(`--${name} must be a non-negative integer (got "${s}")`, 2)
  return n
}

export const cityLoadCommand: Command = {
  name: 'city-load',
  summary: 'Generate the synthetic 12-district city (Weifang\'s outlines) and load it into a server database with COPY.',
  flags: [
    { name: 'db', type: 'string', arg: 'URL', desc: 'the database (default DATABASE_URL, else the local cluster under .data/)' },
    { name: 'incidents', type: 'string', arg: 'N', desc: `incidents over 2024–2025 (default ${CITY_DEFAULT_INCIDENTS.toLocaleString('en')})` },
    { name: 'seed', type: 'string', arg: 'N', desc: `random seed (default ${CITY_DEFAULT_SEED}); the same seed makes the same city` },
    { name: 'grid-m', type: 'string', arg: 'METRES', desc: 'side of the square grid cells (网格), default 1500' },
    { name: 'replace', type: 'boolean', desc: 'delete the city\'s districts (codes 370702 … 370786) first when they are there' },
    { name: 'bulk', type: 'boolean', desc: 'as a superuser: the insert triggers off during the load, the rollups counted once at the end (much faster)' },
  ],
  notes: `
The city: Weifang's 12 county-level units in their real outlines (DataV GeoAtlas, GCJ-02
converted to WGS-84) with their 2020 census population (滨海开发区 counted in 寒亭区, inside whose
outline it lies); synthetic streets, compounds around each seat of government and square grid
cells clipped to the outlines; incidents split over the districts by population, over the
compounds by their population, with the demo's calendar, hours and category mix. Generated
month by month, never all in memory, and loaded in one transaction: districts and areas through
the server's area loader, incidents with COPY (a statement per district and month), each
assigned to its street, compound and grid cell by the core's join. Nothing in it is real but the outlines, names of the districts and
the population. Needs the database's owner (DATABASE_URL's role).`,
  async run(v: FlagValues, log: Log) {
    const incidents = intFlag(v, 'incidents', CITY_DEFAULT_INCIDENTS)
    const seed = intFlag(v, 'seed', CITY_DEFAULT_SEED)
    const gridMetres = intFlag(v, 'grid-m', 1500)
    if (gridMetres < 100) throw new CliError('--grid-m must be at least 100', 2)
    const { openDatabase } = await import('../../server/local-database')
    const { migrate } = await import('../../server/migrate')
    const { loadCity, CityExists } = await import('../../server/city-load')
    const { default: pg } = await import('pg')
    const database = await openDatabase({ env: v.db ? { ...process.env, DATABASE_URL: v.db as string } : process.env, log: (s) => log.info(s) })
    const c = new pg.Client({ connectionString: database.url })
    try {
      await c.connect()
      await c.query('create extension if not exists postgis')
      await migrate(c)
      const t0 = performance.now()
      const { districts, batches } = generatedCity({ seed, incidents, gridMetres })
      log.info(`city generated in ${((performance.now() - t0) / 1000).toFixed(1)} s; loading into ${database.where}`)
      const r = await loadCity(c, districts, incidents, batches, { replace: v.replace === true, bulk: v.bulk === true, log: (s) => log.info(s) })
      log.info(`loaded ${r.incidents} incidents in ${((r.areasMs + r.incidentsMs) / 1000).toFixed(1)} s (${Math.round(r.incidents / (r.incidentsMs / 1000))} rows/s with generation and area assignment)`)
    } catch (err) {
      if (err instanceof CityExists) throw new CliError(`${err.message}: add --replace`)
      throw err
    } finally {
      await c.end()
      database.stop()
    }
  },
}
