import { describe, expect, it } from 'vitest'
import { guessKind } from '../../../src/io/guess-kind'

describe('guessKind', () => {
  it('reads the kind from Chinese and English file names', () => {
    expect(guessKind('2025年警情.csv')).toBe('incidents')
    expect(guessKind('homicides.csv')).toBe('incidents')
    expect(guessKind('视频监控点位.xlsx')).toBe('cameras')
    expect(guessKind('治安卡口.csv')).toBe('checkpoints')
    expect(guessKind('stations.geojson')).toBe('stations')
    expect(guessKind('community_populations.csv')).toBe('population')
    expect(guessKind('小区边界.geojson')).toBe('compounds')
    expect(guessKind('key_sites.geojson')).toBe('keySites')
    expect(guessKind('巡逻网格.zip')).toBe('grids')
    expect(guessKind('police_districts.geojson')).toBe('streets')
    expect(guessKind('roads.geojson')).toBe('roads')
    expect(guessKind('buildings.zip')).toBe('buildings')
    expect(guessKind('data.csv')).toBeNull()
  })
})
