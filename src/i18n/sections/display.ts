/** Messages of the display views, under `display.` */
export default {
  'zh-CN': {},
  en: {},
}
