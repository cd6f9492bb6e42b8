// The embedded demo district (geodata/demo, built by geodata/generate-demo.ts). Imported as
// URLs so vite fingerprints and emits them with the build; all are fetched from our origin.
import district from '../../geodata/demo/district.geojson?url'
import streets from '../../geodata/demo/streets.geojson?url'
import compounds from '../../geodata/demo/compounds.geojson?url'
import keySites from '../../geodata/demo/key_sites.geojson?url'
import stations from '../../geodata/demo/stations.geojson?url'
import checkpoints from '../../geodata/demo/checkpoints.geojson?url'
import roads from '../../geodata/demo/roads.geojson?url'
import buildings from '../../geodata/demo/buildings.geojson?url'
import water from '../../geodata/demo/water.geojson?url'
import green from '../../geodata/demo/green.geojson?url'
import cameras from '../../geodata/demo/cameras.csv?url'
// incidents.csv as binary columns (io/incident-columns-file.ts): what the app reads; the CSV stays
// the source for the CLI, the live simulator and the tests, and is not shipped
import incidentColumns from '../../geodata/demo/incidents.cols?url'
import meta from '../../geodata/demo/meta.json'

export const DEMO_URLS = {
  district, streets, compounds, keySites, stations, checkpoints, roads, buildings, water, green, cameras, incidentColumns,
}

export const DEMO_META = meta as unknown as {
  center: [number, number]
  bbox: [number, number, number, number]
  counts: Record<string, number>
}
