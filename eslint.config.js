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
    // One door for staff actions: the HTTP layer and the channel adapters never write audit
    // entries or touch the store; they go through src/staff/ (commands and read models).
    // The public status view and readiness are read models of their own, named here.
    files: ['src/http/**/*.ts', 'src/channels/**/*.ts'],
    ignores: ['src/http/public/status-view.ts', 'src/http/routes/health-routes.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "ImportDeclaration[source.value=/(^|\\/)store\\/|staff\\/audit-trail\\.js$/]", message: 'http/ and channels/ reach the store only through src/staff/ (commands and StaffViews)' },
        { selector: "CallExpression[callee.property.name='appendAudit']", message: 'audit entries are written by the staff layer (src/staff/)' },
        { selector: "MemberExpression[property.name='store'][object.name=/^(services|s|deps)$/]", message: 'no direct store access from http/ or channels/: use a staff command or services.staff.views' },
        { selector: "MemberExpression[property.name='store'][object.property.name='services']", message: 'no direct store access from http/ or channels/: use a staff command or services.staff.views' },
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
