/**
 * The design's import directions, checked by dependency-cruiser in `npm test` (`npm run depcruise`):
 *
 *   api/ → domain areas → timelimits/ → calendar/;  domain areas → entities/;  events/, reminders/ → dingtalk/
 *
 * and never the other way. Only production code is cruised: tests (`*.test.ts`), the harnesses in
 * `bot-server/test-support/` and the browser tests in `e2e/` are not followed, so an import of them from
 * production code still shows up (and is refused below).
 */

/** The domain areas: they know entities, time limits and each other, never HTTP. */
const DOMAIN =
  'documents|supervision|meetings|reminders|reports|deadlines|organisation|uploads|render|numbering|todos|duty|ledgers|information|research';
/** Test code: never imported by production code. */
const TEST_CODE = '(\\.test\\.tsx?$|^bot-server/test-support/|^e2e/)';
/** The demo's DingTalk: the one server file that may import from scripts/ (the simulator's entry point). */
const DEMO_DINGTALK = '^bot-server/demo/demo-dingtalk\\.ts$';
/** Koa and its type packages. */
const KOA = '^node_modules/(koa|koa-[^/]+|@koa/[^/]+|@types/koa|@types/koa-[^/]+|@types/koa__[^/]+)/';
/** Packages that reach a database or the network, and Node's I/O modules: none of them in pure code. */
const IO =
  '^(node_modules/(typeorm|mysql2|better-sqlite3|ws|koa|@koa/[^/]+|@alicloud/[^/]+|pino)/|(node:)?(http|https|http2|net|tls|dgram|fs|fs/promises|child_process|worker_threads)$)';

/** A rule: the folder `bot-server/<folder>/` imports, of the repository, only itself and the `allowed` folders. */
const importsOnly = (name, comment, folder, allowed) => ({
  name,
  severity: 'error',
  comment,
  from: { path: `^bot-server/${folder}/` },
  to: { path: '^(bot-server|entities|scripts|miniapp)/', pathNot: `^bot-server/(${[folder, ...allowed].join('|')})/` },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycle between files.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      scope: 'folder',
      comment: 'No import cycle between folders: each folder depends on others in one direction only.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'server-not-tests',
      severity: 'error',
      comment: 'The server imports no test, no test harness (bot-server/test-support/) and no browser test.',
      from: { path: '^bot-server/', pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: 'no-test-imports',
      severity: 'error',
      comment: 'Nothing imports a test file; what tests share lives in bot-server/test-support/.',
      from: {},
      to: { path: '\\.test\\.tsx?$' },
    },
    {
      name: 'server-not-scripts',
      severity: 'error',
      comment:
        'The server imports nothing from scripts/, except the demo starting the DingTalk simulator in-process: the ' +
        'simulator stands in for DingTalk (an outside system), is a command of its own (`duban sim`) and is used by ' +
        'the tests of the DingTalk clients; the demo is its one caller inside the server.',
      from: { path: '^bot-server/', pathNot: [TEST_CODE, DEMO_DINGTALK] },
      to: { path: '^scripts/' },
    },
    {
      name: 'demo-starts-only-the-simulator',
      severity: 'error',
      comment: 'The one edge from the server into scripts/: the demo starts the simulator through its entry point.',
      from: { path: DEMO_DINGTALK },
      to: { path: '^scripts/', pathNot: '^scripts/sim/simulator\\.ts$' },
    },
    {
      name: 'miniapp-self-contained',
      severity: 'error',
      comment: 'The mini-app knows the server only through HTTP: miniapp/src imports only miniapp/src and packages.',
      from: { path: '^miniapp/src/' },
      to: { pathNot: '^(miniapp/src/|node_modules/)' },
    },
    {
      name: 'entities-know-no-server',
      severity: 'error',
      comment: 'Entities are shared by the server and the scripts and know neither.',
      from: { path: '^entities/' },
      to: { path: '^(bot-server|scripts|miniapp)/' },
    },
    importsOnly(
      'calendar-is-pure',
      'The working-day calendar imports only calendar/ and errors/ of the repository.',
      'calendar',
      ['errors'],
    ),
    importsOnly(
      'timelimits-are-pure',
      'Time limits import only timelimits/, calendar/ and errors/ of the repository.',
      'timelimits',
      ['calendar', 'errors'],
    ),
    {
      name: 'pure-code-no-io',
      severity: 'error',
      comment: 'Calendar and time limits touch no database, no network and no file.',
      from: { path: '^bot-server/(calendar|timelimits)/' },
      to: { path: IO },
    },
    importsOnly(
      'http-is-neutral',
      'http/ holds what every reader of a raw request shares (the bounded body read) and imports nothing else of ' +
        'the repository, so dingtalk/ and the domain areas may both use it.',
      'http',
      [],
    ),
    {
      name: 'dingtalk-knows-no-domain',
      severity: 'error',
      comment: 'dingtalk/ speaks the protocol only; the domain registers its handlers into it.',
      from: { path: '^bot-server/dingtalk/' },
      to: { path: `^bot-server/(${DOMAIN}|events|api|demo)/` },
    },
    {
      name: 'events-know-no-domain',
      severity: 'error',
      comment:
        'The inbox stores and dispatches events; the composition root (services.ts) registers the handlers of ' +
        'the domain areas into it.',
      from: { path: '^bot-server/events/' },
      to: { path: `^bot-server/(${DOMAIN}|api|demo)/|^bot-server/[^/]+$` },
    },
    {
      name: 'domain-knows-no-http',
      severity: 'error',
      comment: 'Domain areas know no Koa and no api/: routes call them, never the other way.',
      from: { path: `^bot-server/(${DOMAIN})/`, pathNot: TEST_CODE },
      to: { path: `${KOA}|^bot-server/api/` },
    },
    {
      name: 'metrics-is-a-leaf',
      severity: 'error',
      comment:
        'metrics/ reads the other areas (their tables, the observers of dingtalk/ and reminders/); none of them ' +
        'imports it, so measuring changes no area: the app (app.ts) mounts it.',
      from: { path: '^bot-server/[^/]+/', pathNot: ['^bot-server/metrics/', TEST_CODE] },
      to: { path: '^bot-server/metrics/' },
    },
    {
      name: 'db-knows-no-api',
      severity: 'error',
      comment: 'The database layer throws its own errors; the API maps them.',
      from: { path: '^bot-server/db/' },
      to: { path: '^bot-server/api/' },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', TEST_CODE] },
    exclude: { path: ['^miniapp/dist/', '^data/'] },
    tsPreCompilationDeps: true,
    // For the mini-app's `@/…` paths; everything else in the tree imports by relative path.
    tsConfig: { fileName: `${__dirname}/miniapp/tsconfig.json` },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
