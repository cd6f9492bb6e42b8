/** Messages of the incident list a click on the map opens, under `inspect.` */
export default {
  'zh-CN': {
    titleNear: '此处警情 {n} 起',
    titleCell: '热点网格内警情 {n} 起',
    titleHex: '六边形内警情 {n} 起',
    id: '编号',
    time: '时间',
    category: '类别',
    subtype: '细类',
    address: '地址',
    more: '另有 {n} 起未列出',
    close: '关闭',
  },
  en: {
    titleNear: '{n} incident here | {n} incidents here',
    titleCell: '{n} incident in this hot spot cell | {n} incidents in this hot spot cell',
    titleHex: '{n} incident in this hexagon | {n} incidents in this hexagon',
    id: 'ID',
    time: 'Time',
    category: 'Category',
    subtype: 'Subtype',
    address: 'Address',
    more: 'and {n} more',
    close: 'Close',
  },
}

/** Progress while the size of what is read is unknown (a compressed download, a server's pages): rows only, under `progress.` */
export const progress = {
  'zh-CN': {
    incidents: '正在加载警情 {rows} 条…',
    importing: '正在导入：{rows} 条…',
  },
  en: {
    incidents: 'Loading incidents: {rows} rows…',
    importing: 'Importing: {rows} rows…',
  },
}
