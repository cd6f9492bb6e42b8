/** The replica health rules that need no database: WAL positions, lag, the environment's list. */
import { describe, expect, it } from 'vitest'
import { lagOf, parseLsn, replicaName, replicaUrls } from '../../../src/server/replicas'

describe('WAL positions', () => {
  it('reads the high and low 32 bits in hex and orders across the high word', () => {
    expect(parseLsn('0/0')).toBe(0n)
    expect(parseLsn('0/16B3748')).toBe(0x16b3748n)
    expect(parseLsn('1/0')).toBe(4294967296n)
    expect(parseLsn('16/B374D848')).toBe(0x16b374d848n)
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true)
    expect(() => parseLsn('16B374D848')).toThrow(/not a WAL position/)
  })
})

describe('lag', () => {
  // the primary at 1000, 2000, 3000 ms had written up to 100, 200, 200
  const samples = [{ t: 1000, lsn: 100n }, { t: 2000, lsn: 200n }, { t: 3000, lsn: 200n }]
  it('is the age of the oldest position not yet replayed', () => {
    expect(lagOf(150n, samples, 3500)).toBe(1500)
    expect(lagOf(199n, samples, 4000)).toBe(2000)
  })
  it('is 0 once everything sampled is replayed, even long after the last write', () => {
    expect(lagOf(200n, samples, 60_000)).toBe(0)
    expect(lagOf(250n, samples, 3500)).toBe(0)
    expect(lagOf(5n, [], 3500)).toBe(0)
  })
  it('is unknown (Infinity) when not even the oldest sample is reached', () => {
    expect(lagOf(99n, samples, 3500)).toBe(Infinity)
  })
})

describe('DATABASE_REPLICA_URLS', () => {
  it('takes comma-separated postgres URLs, spaces and empty items ignored', () => {
    expect(replicaUrls(undefined)).toEqual([])
    expect(replicaUrls('')).toEqual([])
    expect(replicaUrls(' postgres://u:p@floor3:5432/pingan , postgresql://u:p@10.0.0.7/pingan,')).toEqual(['postgres://u:p@floor3:5432/pingan', 'postgresql://u:p@10.0.0.7/pingan'])
  })
  it('refuses anything else without printing the password', () => {
    expect(() => replicaUrls('floor3:5432')).toThrow(/not a postgres:\/\/ connection string/)
    let message = ''
    try {
      replicaUrls('mysql://u:secret@floor3/pingan')
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toMatch(/mysql:\/\/u:…@floor3/)
    expect(message).not.toContain('secret')
  })
  it('names a replica by host, port and database, never its credentials', () => {
    expect(replicaName('postgres://reader:secret@floor3:6432/pingan')).toBe('floor3:6432/pingan')
    expect(replicaName('postgres://reader:secret@floor3/pingan')).toBe('floor3:5432/pingan')
  })
})
