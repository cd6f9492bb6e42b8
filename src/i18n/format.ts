/**
 * The figures the panels print, in one place so that a percent or an area reads the same in
 * every panel. `n` is vue-i18n's number formatter (the UI language's digits and separators);
 * components get these through composables/use-format.ts.
 */
export type FormatNumber = (value: number, options: Intl.NumberFormatOptions) => string

export function numberFormats(n: FormatNumber) {
  return {
    /** a fraction 0…1 as a percent with one decimal ('12.3%'); '—' when there is none */
    pct: (v: number) => (Number.isFinite(v) ? `${n(v * 100, { maximumFractionDigits: 1, minimumFractionDigits: 1 })}%` : '—'),
    /** a relative change as a signed percent with one decimal ('+12.3%', '−4.0%', '0.0%'); '—' when there is none */
    signedPct: (v: number | null) => {
      if (v === null) return '—'
      const s = n(Math.abs(v) * 100, { maximumFractionDigits: 1, minimumFractionDigits: 1 })
      return `${v > 0 ? '+' : v < 0 ? '−' : ''}${s}%`
    },
    /** `a` of `b` as a whole percent ('42%'); '—' when `b` is empty */
    share: (a: number, b: number) => (b > 0 ? n(a / b, { style: 'percent', maximumFractionDigits: 0 }) : '—'),
    /** square metres in km², with exactly `digits` decimals */
    km2: (m2: number, digits: number) => n(m2 / 1e6, { maximumFractionDigits: digits, minimumFractionDigits: digits }),
    /** a figure with at most `digits` decimals */
    num: (v: number, digits = 1) => n(v, { maximumFractionDigits: digits }),
  }
}

/** How far a read has come, as a whole percent 0…100; null while the total is unknown (the rows still climb: say those, not "0%"). */
export function progressPercent(done: number, total: number | null | undefined): number | null {
  return total ? Math.min(100, Math.round((done / total) * 100)) : null
}
