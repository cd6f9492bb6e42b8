/**
 * Names of the incident subtypes the demo data and common police exports use as codes, per UI
 * language. Subtypes are data: a code not listed here (a district's own Chinese subtype, say)
 * is shown as it is in the file.
 */
const NAMES: Record<'zh-CN' | 'en', Record<string, string>> = {
  'zh-CN': {
    theft: '盗窃', ebike_theft: '电动车被盗', burglary: '入室盗窃', fraud: '诈骗', robbery: '抢劫', snatching: '抢夺',
    dispute: '纠纷', fight: '打架斗殴', noise: '噪音扰民', drunk: '醉酒滋事', gambling: '赌博',
    fire: '火灾', smoke: '冒烟',
    hazard_report: '隐患举报', illegal_parking: '违法停车', facility_damage: '设施损坏',
  },
  // capitalised like the category names beside them, so that no name reads like a code
  en: {
    theft: 'Theft', ebike_theft: 'E-bike theft', burglary: 'Burglary', fraud: 'Fraud', robbery: 'Robbery', snatching: 'Snatching',
    dispute: 'Dispute', fight: 'Fight', noise: 'Noise', drunk: 'Drunk and disorderly', gambling: 'Gambling',
    fire: 'Fire', smoke: 'Smoke',
    hazard_report: 'Hazard report', illegal_parking: 'Illegal parking', facility_damage: 'Damaged facility',
  },
}

/** The subtype as the UI language names it: its translation when the code is a known one, else the code itself. */
export function subtypeName(code: string, locale: string): string {
  const names = NAMES[locale === 'en' ? 'en' : 'zh-CN']
  return Object.hasOwn(names, code) ? names[code] : code
}
