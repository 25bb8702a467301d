// Lint rules that hold the architecture: only an adapter's own folder may import its SDK.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const sdkOwners = [
  { pkg: 'twitter-api-v2', folder: 'src/channels/x/' },
  { pkg: 'discord.js', folder: 'src/channels/discord/' },
  { pkg: 'masto', folder: 'src/channels/mastodon/' },
  { pkg: '@atproto/api', folder: 'src/channels/bluesky/' },
  { pkg: 'ioredis', folder: 'src/store/redis/' },
  { pkg: 'better-sqlite3', folder: 'src/store/sqlite/' },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test-output/', 'state/', 'var/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['error', { max: 450, skipBlankLines: true, skipComments: true }],
    },
  },
  ...sdkOwners.map(({ pkg, folder }) => ({
    files: ['src/**/*.ts'],
    ignores: [`${folder}**`],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: pkg, message: `only ${folder} may import ${pkg}` }] }],
    },
  })),
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', '../*/**', '!../domain/**'], message: 'domain/ is pure: no I/O, no other layers' }] },
      ],
    },
  },
  {
    // The console's one browser script.
    files: ['web/**/*.js'],
    languageOptions: { globals: globals.browser, sourceType: 'script' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'max-lines': 'off', 'no-restricted-imports': 'off' },
  },
);
