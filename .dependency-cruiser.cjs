/**
 * The layer rule of src/ (files → io → stores → core in a worker → stores → map layer
 * factories → components), checked by `npm run lint:deps`. Each rule is named for what it
 * keeps apart, so a violation prints the rule's name and both files.
 *
 * Only dependencies inside src/ are judged here: packages and node built-ins are free.
 * Type-only imports count like any other for the layers, except where a rule says so.
 */

/** A forbidden dependency: every rule here is an error. */
const rule = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to })

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    rule('core-imports-only-core', 'src/core is the pure analysis the worker, the CLI and the page share: it may not reach into the app.',
      { path: '^src/core/' }, { path: '^src/', pathNot: '^src/core/' }),
    rule('io-imports-only-core', 'src/io reads and writes files, IndexedDB and the network for the stores; it builds on core and nothing above it.',
      { path: '^src/io/' }, { path: '^src/', pathNot: '^src/(core|io)/' }),
    rule('workers-import-only-core-io-contracts', 'A worker runs core on data io read; it never sees a store, a map layer or a component. Worker request and result types live in src/workers/ (contracts) so everything above may import them.',
      { path: '^src/workers/' }, { path: '^src/', pathNot: '^src/(core|io|workers)/' }),
    rule('stores-no-components', 'Stores hold state and actions; components render them, never the other way round.',
      { path: '^src/stores/' }, { path: '^src/components/' }),
    rule('stores-no-export', 'export/ reads the stores and the map to draw an export; a store that imported export/ would close the loop.',
      { path: '^src/stores/' }, { path: '^src/export/' }),
    rule('map-no-stores', 'Layer factories and overlays receive their data and style as arguments; a composable or the map component reads the stores and passes them in.',
      { path: '^src/map/' }, { path: '^src/stores/' }),
    rule('map-no-export', 'export/ may read map/ (the legend model, the live map), never the reverse.',
      { path: '^src/map/' }, { path: '^src/export/' }),
    rule('map-no-components-or-composables', 'map/ is below the components and the composables that feed it.',
      { path: '^src/map/' }, { path: '^src/(components|composables)/' }),
    rule('map-imports-worker-contracts-only', 'The shapes of worker results live in src/workers/contracts.ts; the worker modules themselves are not map/\'s business.',
      { path: '^src/map/' }, { path: '^src/workers/', pathNot: '^src/workers/contracts\\.ts$' }),
    rule('map-imports-worker-types-only', 'A layer draws what it is given: it may name the shape of a worker result (the contracts), never call a worker.',
      { path: '^src/map/' }, { path: '^src/workers/', dependencyTypesNot: ['type-only'] }),
    rule('composables-no-components', 'Composables are the reactive glue components use; they never import a component.',
      { path: '^src/composables/' }, { path: '^src/components/' }),
    rule('components-import-worker-contracts-only', 'Components name worker results through src/workers/contracts.ts only.',
      { path: '^src/components/' }, { path: '^src/workers/', pathNot: '^src/workers/contracts\\.ts$' }),
    rule('components-call-no-worker', 'Components reach a worker through a store action (which keeps the worker in sync with the data); the worker contracts may be imported as types.',
      { path: '^src/components/' }, { path: '^src/workers/', dependencyTypesNot: ['type-only'] }),
    rule('server-imports-core-io-only', 'The server (src/server) reuses the pure core and the readers of io; the browser layers above them are not its business. Its daily briefings drive the built app as the snapshot command does (the headless browser, the page API\'s request types).',
      { path: '^src/server/' }, { path: '^src/', pathNot: '^src/(server|core|io)/|^src/cli/(repo-root\\.ts|staleness\\.mjs|headless\\.ts)$|^src/export/(page-api|snapshot-options)\\.ts$' }),
    rule('app-no-server', 'The browser app reaches the server over HTTP only; only the command line may import its modules (user administration on the database).',
      { path: '^src/', pathNot: '^src/(server|cli)/' }, { path: '^src/server/' }),
    rule('no-circular', 'A cycle makes the order of module initialisation matter and hides which layer is on top.',
      { path: '^src/' }, { circular: true }),
    // @noto-sc-files/ is vite's alias for the PDF font files (vite.config.ts resolve.alias)
    rule('no-unresolvable', 'An import the checker cannot resolve is an import it cannot judge (a .vue file it cannot read, a mistyped path).',
      { path: '^src/' }, { couldNotResolve: true, pathNot: '^@noto-sc-files/' }),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.vue', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
}
