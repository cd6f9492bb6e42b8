/**
 * What a program driving the page (the headless `snapshot` command, the browser tests) may ask
 * of it: wait until the data and the map are drawn, apply a scene, export. Exports return the
 * file's bytes as base64, since that is what crosses the DevTools protocol.
 */
import type { SnapshotPreset, Paper } from './snapshot-options'

export interface SnapshotRequest {
  format: 'png' | 'pdf'
  /** a size preset; `width`/`height` or `paper`/`dpi` override it */
  preset?: SnapshotPreset
  width?: number
  height?: number
  paper?: Paper
  dpi?: number
  /** overrides of the title and the marking (the configuration's or the defaults otherwise) */
  title?: string
  marking?: string
  /**
   * a scene (one scene object, or a scenes file with `scenes: [...]`, whose first scene, or the
   * one with `sceneId`, is used); validated like an imported scenes file. Without one the map
   * is fitted to the district first.
   */
  scene?: unknown
  sceneId?: string
  /** pdf: add the crime-analysis pages (near-repeat risk zone of 14 days, emerging hot spots) */
  crimePages?: boolean
  /** pdf: the 8:00 briefing of a local date 'YYYY-MM-DD' (daily: D−1 08:00 → D 08:00; weekly: Monday → Monday before D) */
  brief?: { kind: 'daily' | 'weekly'; date: string }
}

export interface SnapshotResult {
  base64: string
  mime: 'image/png' | 'application/pdf'
  fileName: string
  /** image size (png) or the map images' size (pdf) */
  width: number
  height: number
  /** pdf pages */
  pages?: number
  /** milliseconds the export took (the scene applied and the data settled before it) */
  ms: number
  /** titles (or ids) of the legend blocks drawn, as the screen's legend shows them */
  legend: string[]
  /** milliseconds per phase of the export (map, compose, encode; figures, pdf) */
  phases: Record<string, number>
}

export interface PinganAutomation {
  /** resolves once the data are loaded and the map and its layers have drawn */
  ready(): Promise<void>
  snapshot(req: SnapshotRequest): Promise<SnapshotResult>
  /**
   * The city view (server mode, open): moves its camera at once and resolves when what that view
   * shows is drawn (the tiles loaded and, at street zoom, the windows' incidents arrived).
   */
  cityCamera(camera: CityCamera): Promise<CityCameraResult>
}

export interface CityCamera {
  center?: [number, number]
  zoom?: number
  /** west, south, east, north: fitted inside the view, clear of the panels */
  bounds?: [number, number, number, number]
}

export interface CityCameraResult {
  zoom: number
  /** west, south, east, north of what the map shows */
  view: [number, number, number, number]
  /** what stands for the incidents now: 'hexagons' (tiles) or 'points' (the windows at street zoom) */
  drawn: string
}

declare global {
  interface Window {
    pinganAutomation?: PinganAutomation
  }
}
