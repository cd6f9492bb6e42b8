/**
 * The import report's notes (io/ writes them in English: they go to the CLI and the report
 * CSV too) in the words of the UI language. Each known note is matched with its figures as
 * named groups; a note not known here is shown as written, never dropped.
 */
import type { Translate } from './index'

const RULES: readonly [RegExp, string][] = [
  [/^no subtype column: subtypes are empty$/, 'noSubtype'],
  [/^no id column: /, 'noId'],
  [/^no address column: addresses are empty$/, 'noAddress'],
  [/^the file has a header but no data rows$/, 'noDataRows'],
  [/^no row could be kept$/, 'noRowKept'],
  [/^no feature could be kept$/, 'noFeatureKept'],
  [/^more than (?<max>\d+) subtypes: the rest are read as "(?<name>.*)"$/, 'tooManySubtypes'],
  [/^missing required columns?: (?<list>.+?) \(header has: (?<header>.*); expected /, 'missingColumns'],
  [/^the header is not valid UTF-8 /, 'notUtf8'],
  [/^no header row: /, 'noHeader'],
  [/^(?<n>\d+) row\(s\) took the default (?<what>.+)$/, 'cameraDefault'],
  [/^(?<n>\d+) camera\(s\) without a usable azimuth: /, 'noAzimuth'],
  [/^(?<n>\d+) row\(s\) have an incomplete lens /, 'partialLens'],
  [/^(?<n>\d+) row\(s\) have an implausible lens /, 'implausibleLens'],
  [/^(?<n>\d+) feature\(s\) had a ring that was not closed: closed \(features (?<list>.*)\)$/, 'unclosed'],
  [/^(?<n>\d+) feature\(s\) have rings touching at a vertex \(not a crossing\): kept \(features (?<list>.*)\)$/, 'touching'],
  [/^(?<n>\d+) feature\(s\) without an id were named #<feature number> \(features (?<list>.*)\)$/, 'generatedIds'],
  [/^(?<n>\d+) feature\(s\) repeat an id and were named #<feature number> \(features (?<list>.*)\)$/, 'renamedIds'],
  [/^(?<n>\d+) feature\(s\) have a population that is not a number ≥ 0: value dropped, feature kept \(features (?<list>.*)\)$/, 'badPopulation'],
  [/^only the first sheet "(?<first>.*)" was read; not read: (?<rest>.*)$/, 'firstSheet'],
  [/^(?<n>\d+) feature\(s\) have floors that are not a number ≥ 0: value dropped, feature kept \(features (?<list>.*)\)$/, 'badFloors'],
  [/^(?<n>\d+) road\(s\) have an unknown class, read as back: (?<list>.*)$/, 'roadClass'],
  [/^Aliyun DataV layout /, 'dataV'],
  [/^the file declares crs "(?<crs>.*)": GeoJSON is read as longitude\/latitude and is not reprojected$/, 'declaredCrs'],
  [/^(?<name>.+): its \.cpg names an unknown encoding "(?<cpg>.*)"; the text encoding was guessed$/, 'unknownCpg'],
  [/^(?<name>.+): no usable \.cpg and the text is not UTF-8, so it was read as GBK \(GB18030\)$/, 'readAsGbk'],
  [/^(?<name>.+): proj4 cannot read this projection, /, 'unknownPrj'],
  [/^(?<name>.+) differs from the first layer's \.prj$/, 'prjDiffers'],
  [/^(?<name>.+): no \.prj, and the coordinates are not longitude\/latitude \(projected\?\)$/, 'noPrj'],
  [/^(?<shp>.+) has (?<shapes>\d+) shapes but (?<dbf>.+) has (?<records>\d+) records$/, 'shpDbf'],
  [/^(?<name>.+) has no \.dbf: its features have no attributes$/, 'noDbf'],
  [/^(?<n>\d+) layers merged into one: (?<list>.*)$/, 'layersMerged'],
  [/^(?<name>.+): reprojected to WGS-84 from its \.prj$/, 'reprojected'],
  [/^line (?<line>\d+): a quoted cell is not closed, /, 'openQuote'],
  [/^(?<n>\d+) row\(s\) have a source other than /, 'planSource'],
  [/^(?<n>\d+) row\(s\) have a gain that is not a number: left out$/, 'planGain'],
  [/^(?<n>\d+) row\(s\) have an unknown type: read as bullet$/, 'planType'],
  [/^(?<n>\d+) row\(s\) without a usable azimuth: every orientation is tried$/, 'planAzimuth'],
  [/^(?<n>\d+) row\(s\) without a usable fov: /, 'planFov'],
  [/^(?<n>\d+) row\(s\) without a usable range: /, 'planRange'],
  [/^(?<n>\d+) fix\(es\) with an unknown status, read as patrolling$/, 'fixStatus'],
  [/^(?<n>\d+) fix\(es\) with an unknown unit kind$/, 'fixKind'],
]

/** A report note in the UI language (the note itself when it is not one of the known ones). */
export function importHint(note: string, t: Translate): string {
  for (const [re, key] of RULES) {
    const m = re.exec(note)
    if (m) return t(`importHints.${key}`, { ...m.groups })
  }
  return note
}
