import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Papa from 'papaparse'
import { beforeAll, describe, expect, it } from 'vitest'
import { realData } from '../../fixtures/real'
import { cli, csvRows } from './run-cli'

const VICTIMS = fileURLToPath(new URL('../../fixtures/io/incidents-victims.csv', import.meta.url))

let dir = ''
const path = (f: string) => join(dir, f)



beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pingan-repeat-places-'))
  // 0.0001° of latitude = 11.1 m, 0.0005° = 55.6 m; 0.01° of longitude at 36.7° N = 891 m
  writeFileSync(path('incidents.csv'), [
    'id,time,category,subtype,lon,lat,address',
    'r1,2024-05-01T10:00:00,criminal,盗窃,119,36.7,月河路1号',
    'r2,2024-05-02T10:00:00,criminal,盗窃,119,36.7,月河路1号',
    'r3,2024-05-03T10:00:00,criminal,盗窃,119,36.7001,月河路 1号', // 11 m from r1: same place; another address text
    'r4,2024-05-04T10:00:00,public_order,纠纷,119,36.7005,月河路3号', // 56 m: a place of its own
    'r5,2024-05-05T10:00:00,criminal,盗窃,119.01,36.7,城关街道百货公司小区',
    'r6,2024-06-05T10:00:00,criminal,盗窃,119.01,36.7,城关街道百货公司小区',
    'r7,2024-04-05T10:00:00,fire,火灾,119.02,36.7,',
  ].join('\n') + '\n')
})

describe('repeat-places', () => {
  it('writes the places ranked by count with their shares, and prints the concentration figures', async () => {
    const r = await cli('repeat-places', '--incidents', path('incidents.csv'), '--out', path('places.csv'), '--curve-out', path('curve.csv'))
    expect(r.code).toBe(0)
    // exact locations by count: (119, 36.7) ×2 (first row r1), (119.01, 36.7) ×2, then r3, r4, r7;
    // r3 joins the first anchor; 3, 2, 1, 1 of 7 incidents
    expect(csvRows(path('places.csv'))).toEqual([
      ['rank', 'place_id', 'lon', 'lat', 'address', 'count', 'share', 'cumulative_share'],
      ['1', '1', '119', '36.7', '月河路1号', '3', '0.428571', '0.428571'],
      ['2', '2', '119.01', '36.7', '城关街道百货公司小区', '2', '0.285714', '0.714286'],
      ['3', '3', '119', '36.7005', '月河路3号', '1', '0.142857', '0.857143'],
      ['4', '4', '119.02', '36.7', '', '1', '0.142857', '1'],
    ])
    expect(csvRows(path('curve.csv'))).toEqual([
      ['places', 'place_share', 'incident_share'],
      ['0', '0', '0'], ['1', '0.25', '0.428571'], ['2', '0.5', '0.714286'], ['3', '0.75', '0.857143'], ['4', '1', '1'],
    ])
    // counts 3, 2, 1, 1 (N 7, P 4): the top 1 % = 0.04 place → 0.04·3/7 = 1.7 %; 5 %: 0.2·3/7 = 8.6 %;
    // 10 %: 0.4·3/7 = 17.1 %; half (3.5) within place 2 (3 → 5): (1 + 0.5/2)/4 = 31.25 %;
    // 80 % (5.6) within place 3 (5 → 6): (2 + 0.6)/4 = 65 %
    expect(r.out).toContain('7 incidents at 4 places (snap 30 m)')
    expect(r.out).toContain('top   1.0% of places hold 1.7% of incidents')
    expect(r.out).toContain('top   5.0% of places hold 8.6% of incidents')
    expect(r.out).toContain('top  10.0% of places hold 17.1% of incidents')
    expect(r.out).toContain('50.0% of incidents are held by 31.3% of places (the top 2)')
    expect(r.out).toContain('80.0% of incidents are held by 65.0% of places (the top 3)')
    expect(r.out).toContain('repeat places (2+ incidents): 2 (50.0% of places) hold 71.4% of incidents')
  })

  it('groups by normalised address text, leaving out incidents without one', async () => {
    const r = await cli('repeat-places', '--incidents', path('incidents.csv'), '--by', 'address', '--out', path('addr.csv'))
    expect(r.code).toBe(0)
    // "月河路 1号" keeps its inner space: another address than 月河路1号
    expect(csvRows(path('addr.csv')).map((row) => [row[4], row[5]])).toEqual([
      ['address', 'count'], ['月河路1号', '2'], ['城关街道百货公司小区', '2'], ['月河路 1号', '1'], ['月河路3号', '1'],
    ])
    expect(r.err).toContain('6 incidents at 4 addresses; incidents without an address left out: 1')
  })

  it('counts only the category and period asked for, and writes the top N', async () => {
    const r = await cli('repeat-places', '--incidents', path('incidents.csv'), '--category', 'criminal', '--from', '2024-05-01', '--to', '2024-06-01',
      '--snap', '50', '--top', '1', '--out', path('top.csv'))
    expect(r.code).toBe(0)
    // criminal in May: r1, r2, r3 (one place) and r5
    expect(csvRows(path('top.csv')).slice(1)).toEqual([['1', '1', '119', '36.7', '月河路1号', '3', '0.75', '0.75']])
    expect(r.err).toContain('4 incidents at 2 places (snap 50 m); top 1 written')
  })

  it('refuses a bad command line with exit code 2', async () => {
    const bad = async (...a: string[]) => cli('repeat-places', '--incidents', path('incidents.csv'), '--out', path('x.csv'), ...a)
    expect(await bad('--by', 'street')).toMatchObject({ code: 2, err: expect.stringContaining('--by: "street" is none of place, address, victim') })
    expect(await bad('--snap', '0')).toMatchObject({ code: 2, err: expect.stringContaining('--snap must be a positive number') })
    expect(await bad('--by', 'address', '--snap', '30')).toMatchObject({ code: 2, err: expect.stringContaining('--snap applies to --by place only') })
    expect(await bad('--top', '1.5')).toMatchObject({ code: 2, err: expect.stringContaining('--top must be a whole number') })
  })

  it('on the Chicago homicides, finds the geocoder fallback point and the block with most homicides', async () => {
    const src = Papa.parse<Record<string, string>>(readFileSync(realData('chicago/homicides.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data
    const located = src.filter((row) => row.Latitude !== '' && row.Longitude !== '')
    const atPoint = (lat: string) => located.filter((row) => row.Latitude === lat).length
    const perBlock = new Map<string, number>()
    for (const row of located) perBlock.set(row.Block, (perBlock.get(row.Block) ?? 0) + 1)
    const topBlock = Math.max(...perBlock.values())

    const p = await cli('repeat-places', '--incidents', realData('chicago/homicides.csv'), '--category-map', 'HOMICIDE=criminal', '--out', path('chi.csv'))
    expect(p.code).toBe(0)
    const rows = csvRows(path('chi.csv')).slice(1)
    expect(rows.reduce((s, row) => s + Number(row[5]), 0)).toBe(located.length)
    // the most incidents at one point: a placeholder in Missouri, every homicide of a different block
    expect(rows[0].slice(2, 4)).toEqual(['-91.6865657', '36.6194464'])
    expect(Number(rows[0][5])).toBe(atPoint('36.619446395'))
    expect(p.err).toMatch(/geocoder's fallback point: rank 1 \(-91.686566,36.619446: 37 incidents, 1 of them/)

    const a = await cli('repeat-places', '--incidents', realData('chicago/homicides.csv'), '--category-map', 'HOMICIDE=criminal', '--by', 'address', '--out', path('chi-addr.csv'))
    expect(a.code).toBe(0)
    const first = csvRows(path('chi-addr.csv'))[1]
    expect([first[4], Number(first[5])]).toEqual([[...perBlock].find(([, n]) => n === topBlock)![0], topBlock])
  })
})

describe('repeat-places --by victim', () => {
  it('ranks the victims (受害人) with the same table and figures, and names them', async () => {
    // the fixture: 张三 3 incidents (one written with a trailing ideographic space), Li Si 2 (once
    // as "li  si"), 王五 1, 赵六 1 (its 报警人, the caller, is 张三: not a victim), V7 names nobody.
    // Counts 3, 2, 1, 1 of 7, as in the places test above: the same figures by hand.
    const r = await cli('repeat-places', '--incidents', VICTIMS, '--by', 'victim', '--out', path('victims.csv'))
    expect(r.code).toBe(0)
    expect(csvRows(path('victims.csv'))).toEqual([
      ['rank', 'place_id', 'lon', 'lat', 'address', 'victim', 'count', 'share', 'cumulative_share'],
      ['1', '1', '121.47', '31.23', '幸福路1号', '张三', '3', '0.428571', '0.428571'],
      ['2', '2', '121.49', '31.25', '和平街2号', 'Li Si', '2', '0.285714', '0.714286'],
      ['3', '3', '121.5', '31.26', '长江路3号', '王五', '1', '0.142857', '0.857143'],
      ['4', '4', '121.52', '31.28', '黄河路5号', '赵六', '1', '0.142857', '1'],
    ])
    expect(r.err).toContain('incidents without a victim left out: 1')
    expect(r.out).toContain('7 incidents against 4 victims')
    expect(r.out).toContain('top  10.0% of victims hold 17.1% of incidents')
    expect(r.out).toContain('50.0% of incidents are held by 31.3% of victims (the top 2)')
    expect(r.out).toContain('repeat victims (2+ incidents): 2 (50.0% of victims) hold 71.4% of incidents')
    expect(r.out).toContain('most: 3 incidents against 张三')
  })

  it('counts only the category asked for', async () => {
    // criminal: V3 and V8 (治安) out; 张三 2 and Li Si 2 tie: 张三 first seen
    const r = await cli('repeat-places', '--incidents', VICTIMS, '--by', 'victim', '--category', 'criminal', '--out', path('victims-c.csv'))
    expect(r.code).toBe(0)
    expect(csvRows(path('victims-c.csv')).slice(1).map((row) => [row[5], row[6]])).toEqual([['张三', '2'], ['Li Si', '2'], ['王五', '1']])
  })

  it('names the missing column when the file has no victims, and refuses --snap', async () => {
    const r = await cli('repeat-places', '--incidents', path('incidents.csv'), '--by', 'victim', '--out', path('none.csv'))
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/--by victim: .*incidents\.csv has no victim column \(受害人, 被害人/)
    const s = await cli('repeat-places', '--incidents', VICTIMS, '--by', 'victim', '--snap', '50', '--out', path('none.csv'))
    expect(s.code).toBe(2)
    expect(s.err).toContain('--snap applies to --by place only')
  })
})
