/**
 * Which incidents the desk and the wall show: categories and subtypes, a date range, an hour
 * range of the local (Asia/Shanghai) day that may run across midnight, and weekdays. The map
 * applies it on the GPU; analyses in the worker apply the same spec on the CPU.
 */
export interface IncidentFilterSpec {
  /** codes into CATEGORIES; null = all */
  categories: number[] | null
  /** codes into the incidents' `subtypes` dictionary; null = all */
  subtypes: number[] | null
  /** epoch ms, [from, to); null = open */
  from: number | null
  to: number | null
  /** local hours [start, end), 0..24; start > end runs across midnight (22, 6); null = all day */
  hours: [number, number] | null
  /** local weekdays, 0 = Monday … 6 = Sunday; null = every day */
  weekdays: number[] | null
}

export const NO_FILTER: Readonly<IncidentFilterSpec> = Object.freeze({
  categories: null, subtypes: null, from: null, to: null, hours: null, weekdays: null,
})
