/**
 * Worker entry point for the analytics core: joins and indices run here, never on the UI
 * thread. Use it through analytics-client.ts.
 */
import * as Comlink from 'comlink'
import { AnalyticsSession } from './analytics-session'

const session = new AnalyticsSession()

const api = {
  setIncidents: session.setIncidents.bind(session),
  setAreas: session.setAreas.bind(session),
  safetyIndex: session.safetyIndex.bind(session),
}

export type AnalyticsWorkerApi = typeof api

Comlink.expose(api)
