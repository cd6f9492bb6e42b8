/** Messages of the wall's nearest unit for a new live alert (issue 26), under `wallUnits.` */
export default {
  'zh-CN': {
    caption: '最近警力 {unit} · 约 {min} 分钟',
    none: '最近警力：道路不可达',
    shifted: '警力位置按 {time}（演示警力当日同一时刻）',
  },
  en: {
    caption: 'Nearest unit {unit} · about {min} min',
    none: 'Nearest unit: none reachable by road',
    shifted: 'Units as at {time} (same time on the demo units’ day)',
  },
}
