/** Name pools for synthetic features (roads, compounds, key sites). Plausible, not real places. */
import type { Rng } from './prng'

// Weifang's grid: east–west roads are 街 (…西街 west of the Bailang river), north–south 路.
export const EW_MAIN = ['北宫西街', '胜利西街', '东风西街', '健康西街', '宝通西街', '福寿西街', '玉清西街', '长松路']
export const EW_SECONDARY = ['樱前西街', '卧龙西街', '民生西街', '永安西街', '新华西街', '仓南街', '南关街', '北关街', '西关街', '乐道街', '文昌街', '利民街', '丰华街', '清平街']
export const NS_MAIN = ['和平路', '向阳路', '月河路', '潍州路', '西环路', '友爱路', '青年路']
export const NS_SECONDARY = ['芙蓉路', '文化路', '十笏园路', '南下河路', '城隍庙路', '增福路', '西市场路', '玄武路', '松园路', '通亭路', '大英路', '仓街路', '白衣路', '书院路']
export const RURAL_ROADS = ['潍安路', '于河路', '望留路', '符山路', '军埠口路', '乐埠山路', '西外环', '杨家埠路', '大于河路', '殿前路', '西南环路', '玉泉路', '潍昌路', '月河南路']
export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '韩', '冯', '于', '董', '萧', '程', '曹', '袁', '邓', '许', '傅', '沈', '曾', '彭', '吕']

const OLD_A = ['和平里', '东风', '向阳', '健康', '胜利', '幸福', '团结', '红旗', '建设', '光明', '友谊', '工人新村', '机械厂', '纺织厂', '化工厂', '粮食局', '供销社', '百货公司', '电业局', '邮电', '棉纺厂', '柴油机厂', '丝绸厂', '印染厂', '二轻局', '交通局', '卫生局', '教育局', '物资局', '水利局', '食品厂', '拖拉机厂', '玻璃厂', '烟厂', '酒厂', '针织厂', '无线电厂', '纸箱厂', '铸造厂', '农机厂']
const OLD_B = ['小区', '宿舍', '家属院', '新村', '小区', '宿舍']
const NEW_A = ['金宝', '福寿', '恒信', '银座', '中南', '鸢都', '华安', '泰华', '盛世', '翡翠', '锦绣', '阳光', '书香', '御景', '凤凰', '丽景', '龙湖', '学府', '滨河', '怡心', '金色', '紫御', '万象', '东方', '明珠', '天鸿', '香榭', '绿城', '海棠', '康桥', '怡和', '宏润', '世纪', '瑞祥', '颐和', '清华', '富华', '新城', '金马', '润泽']
const NEW_B = ['花园', '苑', '华府', '名邸', '雅居', '家园', '新城', '公馆', '美庐', '嘉园', '尚府', '小区', '名苑', '府', '佳苑', '里']

/** Hands out unique names from combinatorial pools. */
export class NamePool {
  private used = new Set<string>()
  constructor(private rng: Rng) {}
  take(make: () => string, fallback: (k: number) => string): string {
    for (let t = 0; t < 200; t++) {
      const n = make()
      if (!this.used.has(n)) { this.used.add(n); return n }
    }
    for (let k = 2; ; k++) {
      const n = fallback(k)
      if (!this.used.has(n)) { this.used.add(n); return n }
    }
  }
  reserve(n: string): boolean {
    if (this.used.has(n)) return false
    this.used.add(n)
    return true
  }
  oldCompound(nearRoad?: string): string {
    const r = this.rng
    return this.take(
      () => (nearRoad && r.chance(0.25) ? `${nearRoad.replace(/(西街|街|路)$/, '')}街${r.pick(['宿舍', '小区'])}` : `${r.pick(OLD_A)}${r.pick(OLD_B)}`),
      (k) => `${r.pick(OLD_A)}${r.pick(OLD_B)}${k}区`,
    )
  }
  newCompound(): string {
    const r = this.rng
    return this.take(() => `${r.pick(NEW_A)}${r.pick(NEW_B)}`, (k) => `${r.pick(NEW_A)}${r.pick(NEW_B)}${['', '一', '二', '三', '四', '五', '六'][k] ?? k}期`)
  }
  lane(): string {
    const r = this.rng
    return this.take(() => `${r.pick(SURNAMES)}家巷`, (k) => `${r.pick(SURNAMES)}家${k}巷`)
  }
}

/** '柴家村委会' -> '柴家村', '颐园社区居委会' -> '颐园社区', '曹家巷居委会' -> '曹家巷社区' */
export function shortUnitName(name: string): string {
  return name
    .replace(/社区居民委员会$|社区居委会$/, '社区')
    .replace(/居委会$/, '社区')
    .replace(/村村委会$|村委会$/, '村')
}
