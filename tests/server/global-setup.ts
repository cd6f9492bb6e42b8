/**
 * One throw-away PostgreSQL cluster with PostGIS for the whole server test run, on a free
 * port, in a temporary folder removed afterwards. Each test file makes its own database in it
 * (tests/server/db.ts), so files cannot see each other's rows.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { removeCluster, startCluster } from '../../src/server/pg-cluster'

declare module 'vitest' {
  export interface ProvidedContext {
    pgClusterUrl: string
    pgClusterDir: string
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'pingan-pg-test-'))
  const cluster = await startCluster(dir, { throwaway: true })
  project.provide('pgClusterUrl', cluster.url('postgres'))
  project.provide('pgClusterDir', dir)
  return () => removeCluster(cluster)
}
