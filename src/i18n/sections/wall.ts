/** Messages of the wall views, under `wall.` */
export default {
  'zh-CN': {},
  en: {},
}
