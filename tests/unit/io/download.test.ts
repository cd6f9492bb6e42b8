import { expect, it } from 'vitest'
import { safeFileName } from '../../../src/io/download'

it('turns names built from data into plain file names', () => {
  expect(safeFileName('hostile-<img src=x onerror=window.__pwned=8>-report.csv')).toBe('hostile-_img src=x onerror=window.__pwned=8_-report.csv')
  expect(safeFileName('../..\\a/b:c*?"|.csv')).toBe('_.._a_b_c_.csv')
  expect(safeFileName('...')).toBe('download')
  expect(safeFileName('警情-2024.csv')).toBe('警情-2024.csv')
  const long = safeFileName(`${'Ж'.repeat(10_000)}-report.csv`)
  expect(long.length).toBe(200)
  expect(long.endsWith('-report.csv')).toBe(true)
})
