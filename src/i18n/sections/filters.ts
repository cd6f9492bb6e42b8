/** Messages of the filters views, under `filters.` */
export default {
  'zh-CN': {},
  en: {},
}
