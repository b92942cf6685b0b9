// ESLint: typescript-eslint's type-aware recommended rules, and the layers of src/ (see STYLE.md and the
// README's Development section): a folder imports only from the folders below it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** src/ folders from the top down; root modules (errors.ts, summary.ts, ...) are below all of them. */
const LAYERS = [
  ['cli'],
  ['demo'],
  ['config'],
  ['verify'],
  ['report'],
  ['checks', 'compare', 'history'],
  ['plan'],
  ['catalog'],
  ['connect'],
  ['server'],
];

/** For each folder, the folders it must not import: those above it, and its peers on the same layer. */
const layerRules = LAYERS.flatMap((layer, index) =>
  layer.map((folder) => {
    const forbidden = [...LAYERS.slice(0, index).flat(), ...layer.filter((peer) => peer !== folder)];
    return {
      files: [`src/${folder}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: forbidden.map((above) => ({
              group: [`../${above}/*`, `../../${above}/*`],
              message: `src/${folder} may not import src/${above}: layers point down only (cli > demo > config > verify > report > checks, compare, history > plan > catalog > connect > server).`,
            })),
          },
        ],
      },
    };
  }),
);

/** Root modules of src/ are the base every layer shares: they import no folder. */
const baseRule = {
  files: ['src/*.ts'],
  ignores: ['src/index.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['./*/*'], message: 'root modules of src/ are the shared base: they import no folder of src/.' },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'reports/', '.pgverify-test/', '.pgverify-bench/', 'scratch/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    // The type-checking config covers src, test, bench and scripts; tsconfig.json builds src alone.
    languageOptions: { parserOptions: { project: './tsconfig.typecheck.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // A failure caught as unknown is rethrown as it came (pg's errors, the caller's AbortSignal reason).
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    // Tests read JSON reports (any) and match terminal escapes and control characters on purpose.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      'no-control-regex': 'off',
    },
  },
  ...layerRules,
  baseRule,
);
