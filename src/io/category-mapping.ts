/**
 * Category mapping: the labels of a user's category column → the four categories of the
 * safety index (src/ARCHITECTURE.md, "Incidents") or `other`. suggestCategory proposes, the user confirms, and
 * categoryLabelsOption hands the result to the incident reader's `categoryLabels` option.
 */
import { CATEGORIES, type Category } from '../core/incidents'
import { CATEGORY_LABELS } from './incidents-csv'

/** Whole labels (trimmed, lower-cased). */
const EXACT: Readonly<Record<string, Category>> = {
  ...Object.fromEntries(Object.entries(CATEGORY_LABELS).map(([label, code]) => [label, CATEGORIES[code]])),
  '刑事案件': 'criminal', '刑事警情': 'criminal', '刑事类': 'criminal',
  '治安案件': 'public_order', '治安警情': 'public_order', '治安类': 'public_order',
  '火灾': 'fire', '火警': 'fire', '消防警情': 'fire', '消防类': 'fire',
  '问题隐患': 'problem', '安全隐患': 'problem', '隐患': 'problem',
  criminal: 'criminal', crime: 'criminal', 'criminal case': 'criminal',
  'public order': 'public_order', public_order: 'public_order', 'public-order': 'public_order',
  fire: 'fire', hazard: 'problem', problem: 'problem',
  // The Chicago portal's Primary Type values (real test data) are offences, so criminal.
  homicide: 'criminal', robbery: 'criminal', burglary: 'criminal', theft: 'criminal',
  'motor vehicle theft': 'criminal', assault: 'criminal', battery: 'criminal',
  // see 诈骗 and 噪音 below
  fraud: 'criminal', 'deceptive practice': 'criminal', noise: 'public_order', 'noise complaint': 'public_order',
}

/**
 * Parts of longer Chinese labels, first match wins. 隐患 comes before 消防 and 火灾: a
 * "消防隐患" or "火灾隐患" is a hazard report, not a fire alert. 交通 (traffic accidents and
 * traffic alerts) is none of the index's indicators (case alerts, fire alerts, problem
 * reports): 110 statistics count traffic alerts as a class of their own, and folding them
 * into public order would swamp it, so they stay `other`. It comes before 纠纷, so a "交通
 * 事故纠纷" is traffic too, while other disputes (邻里纠纷) are public order, as police
 * statistics file them. 诈骗 (fraud) is criminal: what reaches a police platform as fraud,
 * telecom fraud above all, is filed as a criminal case; 噪音 / 噪声 (noise nuisance) is a
 * public-order matter (Public Security Administration Punishments Law). Other offence names
 * (盗窃, 打架斗殴) are left to the user: below a value threshold a theft is a public-order case
 * in China, above it a criminal one, and the label alone does not say which. The dialog's
 * mapping table shows each suggestion and lets the user change it.
 */
const KEYWORDS: readonly (readonly [string, Category])[] = [
  ['隐患', 'problem'],
  ['刑事', 'criminal'],
  ['治安', 'public_order'],
  ['消防', 'fire'],
  ['火灾', 'fire'],
  ['火警', 'fire'],
  ['交通', 'other'],
  ['纠纷', 'public_order'],
  ['诈骗', 'criminal'],
  ['噪音', 'public_order'],
  ['噪声', 'public_order'],
]

/** The category a label means (trimmed, lower-cased; the existing CATEGORY_LABELS of
 *  incidents-csv.ts and more: 刑事案件, 刑事警情, 刑事类, 治安案件, 治安警情, 治安类, 火灾,
 *  火警, 消防警情, 消防类, 问题隐患, 安全隐患, 隐患, 纠纷 and 噪音 (→ public_order), 诈骗
 *  (→ criminal), 交通 (→ other), english criminal/crime/public order/public_order/fire/hazard/
 *  problem/fraud/noise), or 'other' when
 *  unknown. Whole labels first, then the keywords above inside longer Chinese labels. */
export function suggestCategory(label: string): Category {
  const key = label.trim().toLowerCase()
  const exact = EXACT[key]
  if (exact !== undefined) return exact
  for (const [word, category] of KEYWORDS) if (key.includes(word)) return category
  return 'other'
}

/** Distinct labels of one column with their row counts, most frequent first (limit, default 200).
 *  Labels are trimmed (as the reader matches them); equal counts keep first-seen order; a
 *  missing or blank cell counts as the label ''. */
export function distinctLabels(rows: readonly string[][], column: number, limit = 200): { label: string; count: number }[] {
  if (column < 0) return []
  const counts = new Map<string, number>()
  for (const row of rows) {
    const label = (row[column] ?? '').trim()
    counts.set(label, (counts.get(label) ?? 0) + 1)
  }
  // Array.prototype.sort is stable, so ties stay in Map (first-seen) order.
  return [...counts]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count)
    .slice(0, Math.max(0, limit))
}

/** label → category for the reader's categoryLabels option (only labels whose category is not
 *  'other'; keys trimmed and lower-cased, as the reader matches them). */
export function categoryLabelsOption(mapping: Readonly<Record<string, Category>>): Record<string, Category> {
  const out: Record<string, Category> = {}
  for (const [label, category] of Object.entries(mapping)) {
    if (category === 'other' || !(CATEGORIES as readonly string[]).includes(category)) continue
    out[label.trim().toLowerCase()] = category
  }
  return out
}
