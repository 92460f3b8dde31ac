// Lint rules, above all the import direction of docs/ARCHITECTURE.md ("Arrows"):
// platform ← inbox, delivery ← apps; channels see only their contracts; a
// channel's folder is imported only by the composition roots (main.ts, and
// cli.ts for its commands), tests, scripts and benchmarks.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { featureBoundaries } from './web/lint/feature-boundaries.js';

const rootHandle = {
  group: ['**/platform/index.ts', '**/platform/db/database.ts'],
  importNames: ['openDatabase'],
  message: 'Services receive the db/trx handle as a parameter; only main.ts opens the database (DESIGN "PGlite pitfalls").',
};
const noMain = { regex: '(^|/)main\\.ts$', message: 'Only the composition root imports main.ts.' };
const noApps = { regex: '(^|/)apps/', message: 'Nothing outside an app imports it: apps are switched on and off as a whole.' };
const noInbox = { regex: '(^|/)inbox/', message: 'This layer sits below the inbox.' };
const noDelivery = { regex: '(^|/)delivery/', message: 'This layer sits below delivery.' };
const noConcreteChannel = {
  regex: '(^|/)channels/[^/]+/',
  message:
    'Import channel contracts (channels/channel.ts, channels/module.ts), never a channel module’s folder; main.ts registers the modules.',
};

// Fixtures, server/src/testing and the simulator are for tests, scripts and benchmarks only: the product never ships them.
const noTestSupport = {
  regex: '(^|/)(testing/|[^/]+\\.fixture\\.ts$|tools/telegram-sim/)|^@switchboard/telegram-sim',
  message: 'Test support (fixtures, server/src/testing, the simulator) is imported only by tests, scripts and benchmarks.',
};

const restrict = (...patterns) => ['error', { patterns: [rootHandle, noTestSupport, ...patterns] }];

// TypeScript that Node's type stripping runs; each block that adds syntax rules repeats these (a block's rule replaces the last).
const strippableSyntax = [
  { selector: 'TSEnumDeclaration', message: 'Use an `as const` union: Node type stripping rejects enums.' },
  { selector: 'TSModuleDeclaration[declare=false]', message: 'Node type stripping rejects namespaces.' },
  { selector: 'TSParameterProperty', message: 'Node type stripping rejects parameter properties.' },
];
// Typed data (docs/ARCHITECTURE.md "Typed data"): a handle is typed to the tables its code reads.
const noUntypedHandle = {
  selector: "TSTypeReference[typeName.name='Kysely'] > TSTypeParameterInstantiation > TSAnyKeyword",
  message: "Type the handle to the tables it reads (a part's tables.ts, `tablesOf`), never Kysely<any>.",
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'web/dist.*/**', '.tools/**', 'data/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        Headers: 'readonly',
        Response: 'readonly',
        Request: 'readonly',
        FormData: 'readonly',
        Blob: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
        setImmediate: 'readonly',
        queueMicrotask: 'readonly',
        WebSocket: 'readonly',
        NodeJS: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-syntax': ['error', ...strippableSyntax],
    },
  },
  {
    // Type-aware rules: the compiler's view of promises and types catches what syntax alone cannot
    // (a forgotten await, a promise handed to a callback that ignores it, a cast that changes nothing).
    // The nearest tsconfig.json answers for each file: the root one for the server, web/tsconfig.json for the web app.
    files: ['server/src/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    ignores: ['web/src/**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      // Not require-await: Fastify handlers and hooks are async by contract, awaiting or not.
    },
  },
  {
    // Everything on the server not covered by a stricter block below: no channel folder, no composition root.
    files: ['server/src/**/*.ts'],
    ignores: [
      'server/src/main.ts',
      'server/src/compose/**',
      'server/src/cli.ts',
      'server/src/*.cli.ts',
      'server/src/testing/**',
      'server/src/channels/*/**',
      '**/*.test.ts',
      '**/*.fixture.ts',
    ],
    rules: { 'no-restricted-imports': restrict(noMain, noConcreteChannel) },
  },
  {
    // The product's code, wherever it lives: no untyped database handle (tests may read loosely).
    files: ['server/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...strippableSyntax, noUntypedHandle] },
  },
  {
    // The registry and the shared routes know channels only through their modules, handed over by main.ts.
    files: ['server/src/channels/*.ts'],
    ignores: ['**/*.test.ts', '**/*.fixture.ts'],
    rules: {
      'no-restricted-imports': restrict(noMain, noApps, noInbox, noDelivery, noConcreteChannel, {
        regex: '^\\./[^/]+/',
        message: 'A channel module’s folder is imported only by main.ts: take the module from the registry.',
      }),
    },
  },
  {
    files: ['server/src/platform/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.fixture.ts'],
    rules: {
      'no-restricted-imports': restrict(noMain, noApps, noInbox, noDelivery, {
        regex: '(^|/)channels/',
        message: 'The platform imports nothing above it.',
      }),
    },
  },
  {
    files: ['server/src/inbox/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.fixture.ts'],
    rules: { 'no-restricted-imports': restrict(noMain, noApps, noConcreteChannel) },
  },
  {
    files: ['server/src/delivery/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.fixture.ts'],
    rules: { 'no-restricted-imports': restrict(noMain, noApps, noInbox, noConcreteChannel) },
  },
  {
    files: ['server/src/channels/*/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.fixture.ts'],
    rules: {
      'no-restricted-imports': restrict(noMain, noApps, noInbox, noDelivery, noConcreteChannel, {
        // ../meta/ is Meta's shared part (apps, webhook signatures, Graph client) for the WhatsApp and Instagram modules.
        regex: '^\\.\\./(?!channel\\.ts$|module\\.ts$|flows\\.ts$|meta/|\\.\\./)',
        message:
          'A channel imports only the contracts (../channel.ts, ../module.ts, ../flows.ts) and Meta’s shared ../meta/: never another channel or the registry.',
      }),
    },
  },
  {
    // App flows sit between the inbox and the apps: channel contracts and the inbox below, never an app above.
    files: ['server/src/flows/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.fixture.ts'],
    rules: { 'no-restricted-imports': restrict(noMain, noApps, noConcreteChannel) },
  },
  {
    files: ['server/src/apps/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': restrict(noMain, noConcreteChannel) },
  },
  {
    // The composition roots (main.ts and its parts in compose/) may import everything of the product, but no test support either.
    files: ['server/src/main.ts', 'server/src/compose/**/*.ts', 'server/src/cli.ts', 'server/src/*.cli.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTestSupport] }] },
  },
  {
    // An app owns its tables and reaches the rest only through the ports of ../app.ts (docs/ARCHITECTURE.md "How to add an app").
    files: ['server/src/apps/*/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.fixture.ts'],
    rules: {
      'no-restricted-imports': restrict(
        noMain,
        noConcreteChannel,
        {
          regex: '^\\.\\./(?!\\.\\./|app\\.ts$)',
          message: 'An app never imports another app: use the port it provides (ProvidedPorts in ../app.ts).',
        },
        {
          regex: '(^|/)(inbox|delivery|channels|flows)/',
          message:
            'An app reaches contacts, conversations, delivery and channels through the ports in its AppContext (../app.ts), never their code or tables.',
        },
        {
          group: ['**/platform/index.ts', '**/platform/settings.ts', '**/platform/db/**'],
          importNames: ['Db', 'SwitchboardTables', 'PlatformTables', 'readSetting', 'writeSetting', 'deleteSetting', 'createAppSettings'],
          message: 'An app gets a handle typed to its own tables (context.ownTables) and its settings through context.settings.',
        },
      ),
    },
  },
  {
    // The web app runs in the browser; the React Compiler's rules keep its hooks honest.
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs['recommended-latest'].rules, 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Web feature boundaries: another feature only through its index.ts, and no cycles between features.
    // Unit tests, as on the server, may reach inside what they test.
    files: ['web/src/features/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    plugins: { features: featureBoundaries },
    rules: { 'features/public-entry': 'error', 'features/no-cycle': 'error' },
  },
  {
    // One API contract (docs/ARCHITECTURE.md): a web API file takes the requests and answers from @switchboard/contract.
    files: ['web/src/**/*.api.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...strippableSyntax,
        ...['TSInterfaceDeclaration', 'TSTypeAliasDeclaration > TSTypeLiteral'].map((selector) => ({
          selector,
          message:
            "The API's requests and answers are the contract's (@switchboard/contract): import them. A page's own state belongs to the page, or says here why it is not an API type.",
        })),
      ],
    },
  },
  {
    files: ['web/public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
);
