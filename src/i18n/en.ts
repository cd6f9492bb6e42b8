import type zh from './zh-CN'

const en: typeof zh = {
  app: { title: 'Pingan Map', subtitle: 'Weicheng District · demo data' },
  lang: { switchTo: '中文', zh: '中文', en: 'English' },
  import: { incidentsCsv: 'Open incidents CSV' },
  layers: {
    title: 'Layers',
    incidents: 'Incident heatmap',
    streets: 'Streets',
    compounds: 'Compounds',
    keySites: 'Key sites',
    stations: 'Police stations',
    checkpoints: 'Checkpoints',
    cameras: 'Cameras',
  },
  loading: {
    areas: 'Loading areas…',
    incidents: 'Loading incidents: {rows} rows ({percent}%)',
    incidentsDone: '{rows} incidents loaded',
    cancel: 'Cancel',
    cancelled: 'Incident loading cancelled',
    failed: 'Loading failed: {message}',
    rejected: '{count} rows rejected',
  },
  legend: {
    heatmap: 'Incident density (relative, low → high)',
    cameraA: 'Class A (HD key camera)',
    cameraB: 'Class B',
    offline: 'Offline',
    station: 'Police station',
    checkpoint: 'Checkpoint',
  },
  tooltip: {
    population: 'Residents',
    street: 'Street',
    community: 'Community',
    kind: 'Kind',
    type: 'Type',
    azimuth: 'Azimuth',
    fov: 'Field of view',
    range: 'Range',
    class: 'Class',
    status: 'Status',
  },
  kind: {
    old: 'Old compound', new: 'New compound', village: 'Village',
    school: 'School', hospital: 'Hospital', business: 'Business district', station: 'Station', plaza: 'Plaza', government: 'Government',
  },
  camera: { bullet: 'Bullet', dome: 'Dome', ptz: 'PTZ', online: 'Online', offline: 'Offline' },
  units: { people: 'residents', metres: 'm', degrees: '°' },
  source: 'District outline: Aliyun DataV (GCJ-02→WGS-84); street boundaries, compounds, roads, incidents and cameras are synthetic demo data',
}
export default en
