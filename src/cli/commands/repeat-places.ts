import { concentration, DEFAULT_SNAP_M, repeatPlaces, type RepeatPlaces, type RepeatPlacesBy } from '../../core/repeat-places'
import { CliError, categoryKeep, incidentsFromFlags, parseNumberFlag, periodKeep, requireFlag, round, significant, writeCsv } from '../cli-io'
import type { Command, Log } from '../command'
import { INCIDENTS_FLAG, periodFlags, periodFromFlags, READING_FLAGS } from '../flag-groups'
import { phase } from '../timings'

const pct = (v: number) => `${(v * 100).toFixed(1)}%`

/**
 * Many incidents at one point under many different addresses is what a geocoder's fallback
 * (a city centroid, a placeholder) looks like, not a repeat place: name such places so the
 * analyst can check them (Chicago's export has 37 homicides of 37 blocks at one point in Missouri).
 */
function warnFallbackPoints(r: RepeatPlaces, log: Log): void {
  if (r.by !== 'place') return
  const suspects: string[] = []
  for (let k = 0; k < r.places && r.count[k] >= FALLBACK_MIN_COUNT; k++) {
    if (r.labelCount[k] > 0 && r.labelCount[k] / r.count[k] < FALLBACK_LABEL_SHARE) {
      suspects.push(`rank ${k + 1} (${round(r.lon[k], 6)},${round(r.lat[k], 6)}: ${r.count[k]} incidents, ${r.labelCount[k]} of them at "${r.label[k]}")`)
    }
  }
  if (suspects.length === 0) return
  log.warn(`${suspects.length} of the top places have many incidents under many different addresses, perhaps a geocoder's fallback point: ${suspects.slice(0, 3).join('; ')}${suspects.length > 3 ? '; …' : ''}`)
}
const FALLBACK_MIN_COUNT = 5
const FALLBACK_LABEL_SHARE = 0.2

export const repeatPlacesCommand: Command = {
  name: 'repeat-places',
  summary: 'Repeat places and repeat victims: the places, addresses or victims with the most incidents and the share they hold (the 80-20 curve).',
  flags: [
    INCIDENTS_FLAG,
    { name: 'out', type: 'string', arg: 'FILE', required: true, desc: 'output CSV, one row per place, most incidents first' },
    { name: 'by', type: 'string', arg: 'place|address|victim', desc: 'place: points within --snap of an anchor (default); address: equal address text; victim: equal victim (受害人) text' },
    { name: 'snap', type: 'string', arg: 'METRES', desc: `snap distance of a place (default ${DEFAULT_SNAP_M}); --by place only` },
    { name: 'category', type: 'string', arg: 'CAT,...', desc: 'count only these categories (criminal,public_order,fire,problem,other)' },
    ...periodFlags(),
    { name: 'top', type: 'string', arg: 'N', desc: 'write only the top N places to --out (the figures are always over all places)' },
    { name: 'curve-out', type: 'string', arg: 'FILE', desc: 'also write the concentration curve: places,place_share,incident_share' },
    ...READING_FLAGS,
  ],
  notes: `
Places (--by place): the counted incidents are grouped by exact location (equal lon and lat);
the locations are taken by incident count, most first (ties: the location whose first
incident comes first in the file); each joins the nearest existing anchor within --snap
metres (equally near: the older anchor), or else becomes the anchor of a new place. So the
densest locations seed the places, the anchor is a real incident location, every incident is
within --snap of its anchor and any two anchors are more than --snap apart. Distance between
two points: d = √((Δφ·k)² + (Δλ·k·cos φm)²), k = π·R/180 m per degree, R = 6,371,008.8 m,
φm their mean latitude (equirectangular at the pair; equal to the great-circle distance to
a few parts per million at these lengths, wherever the points lie, so a far-off placeholder
point in the file distorts nothing).

Addresses (--by address): incidents whose address text is equal after NFKC (full-width
forms folded), trimming, collapsing white space and lower-casing. Incidents with no address
belong to no place and to no share (the count is printed). The anchor is the address's most
frequent exact location.

Victims (--by victim, repeat victimisation): the same grouping on the victim column (受害人,
被害人, 受害人身份证号, 受害人姓名, victim, victim_id, victim_name; 报警人, the caller, is not
a victim). Each "place" is then a victim: the table, shares and curve below read with
victims for places, and the repeat line is the repeat victimisation rate, the share of
incidents against victims with 2 or more incidents. Incidents without a victim are left out
(the count is printed). An id number groups better than a name (equal names are one victim):
a file with both gives the id number (受害人身份证号, victim_id) the column.

Output: rank,place_id,lon,lat,address,count,share,cumulative_share. rank 1 has the most
incidents; ties keep the order the places were made in. place_id is the rank (stable for one
run, not across runs). address is the most frequent non-empty address text of the place's
incidents (ties: the first in the file). share = count / incidents placed; cumulative_share
sums the shares of rank 1..rank. --by victim adds a victim column after address: the victim
as the file writes it most often among the incidents (lon,lat,address: their most frequent
location and address).

Concentration ("80-20") curve: the points (k/P, C_k/N), k = 0..P places ranked by count, C_k
the incidents of the top k, N all placed incidents, joined by straight lines. Printed: the
share of incidents held by the top 1%, 5% and 10% of places (read off the curve, between
whole places), the share of places holding 50% and 80% of incidents (where the curve first
reaches it) with the fewest whole places that do, and the places with 2 or more incidents
(repeat places) with the share of incidents they hold. --curve-out writes the curve's points
(places,place_share,incident_share).

Warning: a place of 5 or more incidents of which fewer than 20% carry its address looks like
a geocoder's fallback point (many addresses, one point), not a repeat place; such places are
named on stderr.`,
  run(v, log) {
    const out = requireFlag('out', v.out as string)
    const by = (v.by as string | undefined) ?? 'place'
    if (by !== 'place' && by !== 'address' && by !== 'victim') throw new CliError(`--by: "${by}" is none of place, address, victim`, 2)
    if (by !== 'place' && v.snap !== undefined) throw new CliError('--snap applies to --by place only', 2)
    const snap = parseNumberFlag('snap', v.snap as string | undefined, DEFAULT_SNAP_M)
    const top = v.top === undefined ? Infinity : parseNumberFlag('top', v.top as string)
    if (!Number.isInteger(top) && top !== Infinity) throw new CliError(`--top must be a whole number of places, at least 1 (got ${v.top as string})`, 2)
    const period = periodFromFlags(v)
    const inc = incidentsFromFlags(v, log, { addresses: true })
    phase('read incidents')
    if (by === 'victim' && !inc.victim) {
      throw new CliError(`--by victim: ${v.incidents as string} has no victim column (受害人, 被害人, 受害人身份证号, 受害人姓名, victim, victim_id or victim_name)`, 1)
    }
    const keep = periodKeep(inc, period, categoryKeep(v.category as string | undefined, inc))
    const r = repeatPlaces(inc.lon, inc.lat, inc.count, { by: by as RepeatPlacesBy, snap, keep, address: inc.address, victim: inc.victim })
    const c = concentration(r.count)
    phase('places')
    const rows: (string | number | null)[][] = []
    for (let k = 0; k < Math.min(r.places, top); k++) {
      rows.push([k + 1, k + 1, round(r.lon[k], 7), round(r.lat[k], 7), r.label[k], ...(r.victim ? [r.victim[k]] : []), r.count[k], significant(r.share[k], 6), significant(r.cumulativeShare[k], 6)])
    }
    writeCsv(out, ['rank', 'place_id', 'lon', 'lat', 'address', ...(r.victim ? ['victim'] : []), 'count', 'share', 'cumulative_share'], rows)
    if (v['curve-out']) {
      const curve = Array.from(c.placeShare, (x, k) => [k, significant(x, 6), significant(c.incidentShare[k], 6)])
      writeCsv(v['curve-out'] as string, ['places', 'place_share', 'incident_share'], curve)
    }
    phase('write')
    const what = by === 'place' ? `places (snap ${snap} m)` : by === 'address' ? 'addresses' : 'victims'
    const noText = by !== 'place' && r.unplaced.length > 0 ? `; incidents without ${by === 'address' ? 'an address' : 'a victim'} left out: ${r.unplaced.length}` : ''
    log.info(`${out}: ${r.total} incidents ${by === 'victim' ? 'against' : 'at'} ${r.places} ${what}${noText}${rows.length < r.places ? `; top ${rows.length} written` : ''}`)
    if (r.places === 0) return
    warnFallbackPoints(r, log)
    // by victim the same figures, with victims for places
    const places = r.victim ? 'victims' : 'places'
    const headline = [
      `${r.total} incidents ${r.victim ? 'against' : 'at'} ${r.places} ${what}`,
      ...c.topPlaces.map((t) => `  top ${pct(t.placeShare).padStart(6)} of ${places} hold ${pct(t.incidentShare)} of incidents`),
      ...c.holding.map((h) => `  ${pct(h.incidentShare).padStart(6)} of incidents are held by ${pct(h.placeShare)} of ${places} (the top ${h.places})`),
      `  repeat ${places} (2+ incidents): ${c.repeatPlaces} (${pct(c.repeatPlaces / r.places)} of ${places}) hold ${pct(c.repeatShare)} of incidents`,
      r.victim
        ? `  most: ${r.count[0]} incidents against ${r.victim[0]}`
        : `  most: ${r.count[0]} incidents at ${r.label[0] || `${round(r.lon[0], 6)},${round(r.lat[0], 6)}`}`,
      '',
    ]
    process.stdout.write(headline.join('\n'))
  },
}
