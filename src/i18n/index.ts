import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'
import filters from './sections/filters'
import display from './sections/display'
import time from './sections/time'
import wall from './sections/wall'
import exportSection from './sections/export'
import storage from './sections/storage'
import server from './sections/server'
import audit from './sections/audit'
import seats from './sections/seats'
import briefings from './sections/briefings'
import crime from './sections/crime'
import side from './sections/layout24'
import heat23 from './sections/heat23'
import inspect, { importHints, progress } from './sections/words23'
import brief from './sections/brief23'

import patrolUnits from './sections/patrol-units'
import responsemap from './sections/responsemap'
import wallUnits from './sections/wallunits'
import presence from './sections/presence26'
import tracksImport from './sections/import26'
import city from './sections/cityview25'
import playback26 from './sections/playback26'
import unitFeed from './sections/live26'

/** Feature sections, each with both languages in one file, merged under their own key. */
const SECTIONS = { filters, display, time, wall, export: exportSection, storage, server, audit, seats, briefings, crime, heat23, inspect, progress, importHints, brief, side, patrolUnits, responsemap, wallUnits, presence, tracksImport, city, playback26, unitFeed }
const withSections = <T extends object>(base: T, locale: 'zh-CN' | 'en') =>
  ({ ...base, ...Object.fromEntries(Object.entries(SECTIONS).map(([k, s]) => [k, s[locale]])) })

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

export function isLocale(x: unknown): x is Locale {
  return typeof x === 'string' && (LOCALES as readonly string[]).includes(x)
}

export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': withSections(zhCN, 'zh-CN'), en: withSections(en, 'en') },
})

/** A message lookup with optional values: what pure code that prints words takes as a parameter. */
export type Translate = (key: string, values?: Record<string, unknown>) => string

/** The app's messages in the current locale, for code outside components (exports, the automation API). */
export const translate: Translate = (key, values) => (values ? i18n.global.t(key, values) : i18n.global.t(key))
