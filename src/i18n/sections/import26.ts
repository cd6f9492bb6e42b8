/** Messages of imported unit tracks (issue 26), under `tracksImport.` */
export default {
  'zh-CN': {
    rejectedLines: '剔除的记录（按行）',
    line: '第 {line} 行',
    moreRejected: '另有 {n} 条，见下载的报告',
    importedSummary: '{units} 个单位 · 导入轨迹 {file}（{day}）',
  },
  en: {
    rejectedLines: 'Rows left out, by line',
    line: 'line {line}',
    moreRejected: '{n} more: see the downloaded report',
    importedSummary: '{units} units · imported tracks {file} ({day})',
  },
}
