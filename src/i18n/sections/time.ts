/** Messages of the time views, under `time.` */
export default {
  'zh-CN': {},
  en: {},
}
