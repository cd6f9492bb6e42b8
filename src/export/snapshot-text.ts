/**
 * The words of an export: the subtitle (area · period · filters), the data-source line and the
 * time it was made. Pure, so that the PNG, the PDF and their tests say the same thing.
 */
import { CATEGORIES } from '../core/incidents'
import type { IncidentFilterSpec } from '../core/incident-filter'
import { formatLocalDate, formatLocalMinute } from '../core/periods'
import { replaceUnsafeFileChars } from '../io/download'

import type { Translate } from '../i18n'

/** Shown dates: the filter's, else the data's [first, last] incident times. `to` bounds are exclusive. */
export function periodText(spec: IncidentFilterSpec, dataRange: [number, number] | null, t: Translate): string {
  const from = spec.from ?? dataRange?.[0] ?? null
  // an exclusive filter end is the midnight after the last day shown
  const lastDay = spec.to !== null ? spec.to - 1 : dataRange?.[1] ?? null
  if (from === null || lastDay === null) return t('export.allTime')
  return t('export.period', { from: formatLocalDate(from), to: formatLocalDate(lastDay) })
}

const hh = (h: number) => `${String(Math.floor(h)).padStart(2, '0')}:${String(Math.round((h % 1) * 60)).padStart(2, '0')}`

/** What the filter keeps, beyond dates: categories, subtypes, hours, weekdays; "all incidents" when nothing. */
export function filterText(spec: IncidentFilterSpec, t: Translate): string {
  const parts: string[] = []
  const sep = t('export.listSep')
  if (spec.categories) parts.push(t('export.categories', { list: spec.categories.map((c) => t(`category.${CATEGORIES[c]}`)).join(sep) }))
  if (spec.subtypes) parts.push(t('export.subtypes', { n: spec.subtypes.length }))
  if (spec.hours) parts.push(t('export.hours', { from: hh(spec.hours[0]), to: hh(spec.hours[1]) }))
  if (spec.weekdays) {
    const names = t('filters.weekdayNames').split(',')
    parts.push(t('export.weekdays', { list: spec.weekdays.map((d) => names[d] ?? String(d)).join(sep) }))
  }
  return parts.length ? parts.join(t('export.sep')) : t('export.allIncidents')
}

export function subtitleText(area: string, spec: IncidentFilterSpec, dataRange: [number, number] | null, t: Translate): string {
  return [area, periodText(spec, dataRange, t), filterText(spec, t)].join(t('export.sep'))
}

/** Local (Asia/Shanghai) date and minute of `t`, as the briefing prints it. */
export const localMinute = formatLocalMinute

/** A file name from a title: no path or shell characters, at most 60 characters, never empty. */
export function exportFileName(title: string, time: number, ext: 'png' | 'pdf'): string {
  const stem = replaceUnsafeFileChars(title, ' ').replace(/\s+/g, '_').replace(/^[._]+|[._]+$/g, '').slice(0, 60) || 'pingan-map'
  return `${stem}_${localMinute(time).replace(/[-: ]/g, '').slice(0, 12)}.${ext}`
}
