/**
 * The generated city into a real database (src/server/city-load.ts): a tiny city of 10,000
 * incidents and coarse grid cells. Oracles: the generator's own batches counted here, and
 * PostGIS's ST_Covers against the stored outlines of the areas the core's join chose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDatabase, type TestDb } from './db'
import { generatedCity } from '../../src/cli/commands/city-load'
import { CityExists, loadCity } from '../../src/server/city-load'
import { runCli } from '../../src/cli/main'

const N = 10_000
let t: TestDb
let input: ReturnType<typeof generatedCity>

beforeAll(async () => {
  t = await freshDatabase('city')
  input = generatedCity({ seed: 3, incidents: N, gridMetres: 5000 })
  const c = await t.db.connect()
  try {
    await loadCity(c, input.districts, N, input.batches)
  } finally {
    c.release()
  }
}, 600_000)
afterAll(() => t?.close())

describe('city-load', () => {
  it('stores the 12 districts with every incident the generator made, per district', async () => {
    const expected = new Map<string, number>()
    for (const b of input.batches) expected.set(input.city[b.district].code, (expected.get(input.city[b.district].code) ?? 0) + b.count)
    const { rows } = await t.db.query<{ code: string; n: number }>('select d.code, count(i.id)::int as n from districts d left join incidents i on i.district_id = d.id group by d.code order by d.code')
    expect(rows.map((r) => r.code)).toEqual([...expected.keys()].sort())
    for (const r of rows) expect(r.n).toBe(expected.get(r.code))
    expect(rows.reduce((s, r) => s + r.n, 0)).toBe(N)
  })

  it('assigns every incident to a street and a grid cell of its own district that covers it', async () => {
    const { rows: [r] } = await t.db.query<{ n: number; street: number; grid: number; wrong: number }>(`
      select count(*)::int as n, count(i.street_id)::int as street, count(i.grid_id)::int as grid,
        count(*) filter (where s.district_id <> i.district_id or g.district_id <> i.district_id
          or not ST_Covers(s.geom, i.geom) or not ST_Covers(g.geom, i.geom))::int as wrong
      from incidents i left join areas s on s.id = i.street_id left join areas g on g.id = i.grid_id`)
    expect(r).toEqual({ n: N, street: N, grid: N, wrong: 0 })
  })

  it('puts the incidents the generator placed in a compound in that compound', async () => {
    // a compound incident's address ends with its compound's name; others name no compound
    const { rows: [r] } = await t.db.query<{ inCompound: number; named: number; covered: number }>(`
      select count(*)::int as "inCompound",
        count(*) filter (where i.address like '%' || c.name)::int as named,
        count(*) filter (where ST_Covers(c.geom, i.geom))::int as covered
      from incidents i join areas c on c.id = i.compound_id`)
    const generated = [...input.batches].reduce((s, b) => s + b.address.filter((a) => !a.endsWith('城区街面') && !a.endsWith('农村地区')).length, 0)
    expect(r.inCompound).toBeGreaterThanOrEqual(generated)
    expect(r.named).toBe(generated)
    expect(r.covered).toBe(r.inCompound)
  })

  it('refuses to load the city twice, and replaces it when asked (the city-load command)', async () => {
    const c = await t.db.connect()
    try {
      await expect(loadCity(c, input.districts, N, input.batches)).rejects.toBeInstanceOf(CityExists)
    } finally {
      c.release()
    }
    const warnings: string[] = []
    const log = { warn: (s: string) => warnings.push(s), info: () => {} }
    const args = ['city-load', '--db', t.url, '--incidents', '2000', '--seed', '3', '--grid-m', '5000']
    expect(await runCli(args, log)).toBe(1)
    expect(warnings.join('\n')).toMatch(/already in the database.*--replace/)
    expect(await runCli([...args, '--replace', '--bulk'], log)).toBe(0)
    const { rows: [r] } = await t.db.query<{ n: number; d: number }>('select count(*)::int as n, count(distinct district_id)::int as d from incidents')
    expect(r).toEqual({ n: 2000, d: 12 })
  })

  it('leaves the rollups and the cells equal to the rows after a bulk load (triggers off, counted at the end)', async () => {
    const { rows } = await t.db.query<{ layer: string; rolled: number; raw: number }>(`
      select l.layer, (select coalesce(sum(n), 0)::int from incident_rollup_months m where m.layer = l.layer) as rolled,
        (select count(*)::int from incidents i where case l.layer when 'street' then i.street_id when 'compound' then i.compound_id else i.grid_id end is not null) as raw
      from (values ('street'), ('compound'), ('grid')) l (layer)`)
    for (const r of rows) expect(r.rolled, r.layer).toBe(r.raw)
    expect(rows.find((r) => r.layer === 'grid')!.raw).toBe(2000)
    // and the tiles' cell rollups (011): each zoom counts every incident once, per district, local month and category
    const { rows: zooms } = await t.db.query<{ z: number; n: number }>('select z, sum(n)::int as n from incident_cells group by z order by z')
    expect(zooms).toEqual([8, 9, 10, 11, 12, 13].map((z) => ({ z, n: 2000 })))
    const { rows: [d] } = await t.db.query<{ n: number }>(`
      with cells as (select z, district_id, month, category, sum(n)::int as n from incident_cells group by 1, 2, 3, 4 having sum(n) <> 0),
      raw as (select z, district_id, date_trunc('month', time at time zone 'Asia/Shanghai')::date as month, category, count(*)::int as n
        from incidents, generate_series(8, 13) z group by 1, 2, 3, 4)
      select count(*)::int as n from ((select * from cells except select * from raw) union all (select * from raw except select * from cells)) x`)
    expect(d.n).toBe(0)
  })

  it("keeps a bulk load's source ids and puts its rows in their months' partitions (migration 010)", async () => {
    const { rows: [r] } = await t.db.query<{ keys: number; joined: number; stray: number; months: number }>(`
      select (select count(*)::int from incident_keys) as keys,
        (select count(*)::int from incidents i join incident_keys k on k.id = i.id and k.district_id = i.district_id and k.source_id = i.source_id) as joined,
        (select count(*)::int from incidents_default) as stray,
        (select count(distinct tableoid)::int from incidents) as months`)
    // the generator's two years (city-load.ts's batches, a district's month each)
    expect(r).toMatchObject({ keys: 2000, joined: 2000, stray: 0 })
    expect(r.months).toBeGreaterThanOrEqual(24)
  })
})
