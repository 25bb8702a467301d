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

/**
 * "A new platform is one folder": outside its own folder (and the registry that lists every
 * folder, and the composition root) no file may name a platform, as a string or an import. The
 * core reads what it needs from the capability table in the registry.
 */
const PLATFORMS = ['x', 'mastodon', 'bluesky', 'discord', 'facebook', 'instagram', 'threads'];
const platformName = `/^(${PLATFORMS.join('|')})$/`;
const platformFolder = `/(^|\\/)channels\\/(${PLATFORMS.join('|')})\\//`;
const platformRules = [
  {
    // `'x' in record` asks about a property, not a platform.
    selector: `Literal[value=${platformName}]:not(BinaryExpression[operator="in"] > Literal.left)`,
    message: 'only src/channels/<platform>/ may name a platform: read its capabilities from the registry instead',
  },
  {
    selector: `TemplateLiteral[expressions.length=0] > TemplateElement[value.cooked=${platformName}]`,
    message: 'only src/channels/<platform>/ may name a platform: read its capabilities from the registry instead',
  },
  { selector: `ImportDeclaration[source.value=${platformFolder}]`, message: 'only the channel registry imports a platform folder' },
  { selector: `ImportExpression[source.value=${platformFolder}]`, message: 'only the channel registry imports a platform folder' },
  { selector: `ExportAllDeclaration[source.value=${platformFolder}]`, message: 'only the channel registry imports a platform folder' },
  { selector: `ExportNamedDeclaration[source.value=${platformFolder}]`, message: 'only the channel registry imports a platform folder' },
];

/**
 * One door for staff actions: the HTTP layer and the channel adapters never write audit entries
 * or touch the store; they go through src/staff/ (commands and read models). The public status
 * view and readiness are read models of their own, named here.
 */
const staffBoundaryFiles = ['src/http/**/*.ts', 'src/channels/**/*.ts'];
const boundaryReadModels = ['src/http/public/status-view.ts', 'src/http/routes/health-routes.ts'];
const staffBoundaryRules = [
  { selector: "ImportDeclaration[source.value=/(^|\\/)store\\/|staff\\/audit-trail\\.js$/]", message: 'http/ and channels/ reach the store only through src/staff/ (commands and StaffViews)' },
  { selector: "CallExpression[callee.property.name='appendAudit']", message: 'audit entries are written by the staff layer (src/staff/)' },
  { selector: "MemberExpression[property.name='store'][object.name=/^(services|s|deps)$/]", message: 'no direct store access from http/ or channels/: use a staff command or services.staff.views' },
  { selector: "MemberExpression[property.name='store'][object.property.name='services']", message: 'no direct store access from http/ or channels/: use a staff command or services.staff.views' },
];
const platformFolders = PLATFORMS.map((p) => `src/channels/${p}/**`);

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
  // Both rules use no-restricted-syntax, and a later block replaces an earlier one's list for the
  // same file, so each group of files gets the full list that applies to it.
  {
    files: ['src/**/*.ts'],
    ignores: [...platformFolders, 'src/channels/registry.ts', 'src/main.ts', ...staffBoundaryFiles],
    rules: { 'no-restricted-syntax': ['error', ...platformRules] },
  },
  {
    files: staffBoundaryFiles,
    ignores: [...platformFolders, 'src/channels/registry.ts', ...boundaryReadModels],
    rules: { 'no-restricted-syntax': ['error', ...platformRules, ...staffBoundaryRules] },
  },
  {
    files: [...platformFolders, 'src/channels/registry.ts'],
    rules: { 'no-restricted-syntax': ['error', ...staffBoundaryRules] },
  },
  {
    files: boundaryReadModels,
    rules: { 'no-restricted-syntax': ['error', ...platformRules] },
  },
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
