/**
 * The districts a user may see, framed for the city view: each one's outline (the union of its
 * streets), bounding box and incident count. The union and the count are slow on a city (every
 * street polygon, millions of rows), and the same for everyone who sees the district, so they
 * are kept: the outline until the district's streets are loaded again (their ids change), the
 * count until its incidents change (the live hub's notification, tile-routes.ts).
 */
import type pg from 'pg'

export type Bbox = [number, number, number, number]

export interface CityDistrict {
  id: number
  code: string
  name: string
  /** [west, south, east, north]: the outline's, or the incidents' without streets; null with neither */
  bbox: Bbox | null
  /** GeoJSON (Multi)Polygon, WGS-84; null without streets */
  outline: unknown
  incidents: number
}

export interface City { bbox: Bbox | null; districts: CityDistrict[] }

interface Outline { signature: string; outline: unknown; bbox: Bbox | null }
interface Counted { incidents: number; bbox: Bbox | null }

const box = (r: { w: number | null; s: number | null; e: number | null; n: number | null }): Bbox | null =>
  r.w === null || r.s === null || r.e === null || r.n === null ? null : [r.w, r.s, r.e, r.n]

export class CityFrames {
  private readonly outlines = new Map<number, Outline>()
  private readonly counts = new Map<number, Counted>()

  /** new incidents in `district` (null: anywhere) */
  invalidate(district: number | null): void {
    if (district === null) this.counts.clear()
    else this.counts.delete(district)
  }

  /** Under the caller's row security: only the districts it sees. */
  async city(c: pg.ClientBase): Promise<City> {
    const { rows: districts } = await c.query<{ id: number; code: string; name: string; signature: string }>(`
      select d.id, d.code, d.name,
        coalesce((select count(*) || ':' || max(a.id) from areas a where a.district_id = d.id and a.layer = 'street'), '') as signature
      from districts d order by d.id`)
    const out: CityDistrict[] = []
    for (const d of districts) {
      let o = this.outlines.get(d.id)
      if (!o || o.signature !== d.signature) {
        const { rows: [r] } = await c.query<{ outline: unknown; w: number | null; s: number | null; e: number | null; n: number | null }>(`
          select ST_AsGeoJSON(u, 6)::json as outline, ST_XMin(u) as w, ST_YMin(u) as s, ST_XMax(u) as e, ST_YMax(u) as n
          from (select ST_Union(geom) as u from areas where district_id = $1 and layer = 'street') t`, [d.id])
        o = { signature: d.signature, outline: r.outline, bbox: box(r) }
        this.outlines.set(d.id, o)
      }
      let k = this.counts.get(d.id)
      if (!k) {
        const { rows: [r] } = await c.query<{ n: number; w: number | null; s: number | null; e: number | null; nn: number | null }>(
          'select count(*)::int as n, min(lon) as w, min(lat) as s, max(lon) as e, max(lat) as nn from incidents where district_id = $1', [d.id])
        k = { incidents: r.n, bbox: box({ w: r.w, s: r.s, e: r.e, n: r.nn }) }
        this.counts.set(d.id, k)
      }
      out.push({ id: d.id, code: d.code, name: d.name, bbox: o.bbox ?? k.bbox, outline: o.outline, incidents: k.incidents })
    }
    const boxes = out.map((d) => d.bbox).filter((b): b is Bbox => b !== null)
    const bbox: Bbox | null = boxes.length
      ? [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))]
      : null
    return { bbox, districts: out }
  }
}
