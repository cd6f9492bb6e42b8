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

/** The import report's notes (i18n/import-hints.ts), under `importHints.` */
export const importHints = {
  'zh-CN': {
    noSubtype: '文件没有细类列：细类为空',
    noId: '文件没有编号列：每行的编号由行号和内容生成（形如 L12-3f9a），同一文件每次导入都相同',
    noAddress: '文件没有地址列：地址为空',
    noDataRows: '文件只有表头，没有数据行',
    noRowKept: '没有可保留的行',
    noFeatureKept: '没有可保留的要素',
    tooManySubtypes: '细类超过 {max} 种：其余读作“{name}”',
    missingColumns: '缺少必填列：{list}（表头为：{header}）',
    notUtf8: '表头不是有效的 UTF-8（文件可能是 GBK/GB18030）：请另存为 UTF-8 后重新导入',
    noHeader: '没有表头：第一行有未闭合的引号',
    cameraDefault: '{n} 行采用了默认值 {what}',
    noAzimuth: '{n} 个摄像机没有可用的方位角：朝向未知，按射程画圆，不计入覆盖',
    partialLens: '{n} 行镜头参数不全（焦距、靶面宽度、水平分辨率需同时给出）：已忽略镜头',
    implausibleLens: '{n} 行镜头参数不合理：已忽略镜头',
    unclosed: '{n} 个要素的环未闭合：已闭合（要素 {list}）',
    touching: '{n} 个要素的环在顶点处相接（非交叉）：已保留（要素 {list}）',
    generatedIds: '{n} 个要素没有编号，已按要素序号命名（#序号）（要素 {list}）',
    renamedIds: '{n} 个要素编号重复，已按要素序号命名（#序号）（要素 {list}）',
    badPopulation: '{n} 个要素的人口不是 ≥ 0 的数：已去掉该值，要素保留（要素 {list}）',
    firstSheet: '只读取了第一个工作表“{first}”；未读取：{rest}',
  },
  en: {
    noSubtype: 'no subtype column: subtypes are empty',
    noId: 'no id column: each row gets an id made from its line and cells (such as L12-3f9a), the same on every import of this file',
    noAddress: 'no address column: addresses are empty',
    noDataRows: 'the file has a header but no data rows',
    noRowKept: 'no row could be kept',
    noFeatureKept: 'no feature could be kept',
    tooManySubtypes: 'more than {max} subtypes: the rest are read as "{name}"',
    missingColumns: 'missing required columns: {list} (header has: {header})',
    notUtf8: 'the header is not valid UTF-8 (the file may be GBK/GB18030): save it as UTF-8 and import again',
    noHeader: 'no header row: the first row has an unterminated quote',
    cameraDefault: '{n} row(s) took the default {what}',
    noAzimuth: '{n} camera(s) without a usable azimuth: heading unknown, drawn as a circle of their range and not counted in coverage',
    partialLens: '{n} row(s) have an incomplete lens (focal length, sensor width and resolution go together): lens ignored',
    implausibleLens: '{n} row(s) have an implausible lens: lens ignored',
    unclosed: '{n} feature(s) had a ring that was not closed: closed (features {list})',
    touching: '{n} feature(s) have rings touching at a vertex (not a crossing): kept (features {list})',
    generatedIds: '{n} feature(s) without an id were named by their number (#n) (features {list})',
    renamedIds: '{n} feature(s) repeat an id and were named by their number (#n) (features {list})',
    badPopulation: '{n} feature(s) have a population that is not a number ≥ 0: value dropped, feature kept (features {list})',
    firstSheet: 'only the first sheet "{first}" was read; not read: {rest}',
  },
}
