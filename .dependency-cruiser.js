/*
 * The direction of imports (DEVELOPERS.md, "The shape"), checked by `npm test` (scripts/check-imports.js):
 *
 *   platform  <-  vfs  <-  formats  <-  dism
 *   platform  <-  vfs  <-  lang
 *   cmdlets: any of those;  frontends: anything;  no cycles anywhere.
 *
 * Node's built-in modules are reached only through src/platform/node (the browser build swaps that adapter).
 * Type-only imports count as imports: a type from a layer above is still a dependency on it.
 */
const layer = (name) => `^src/${name}/`;

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Modules must not import each other, directly or through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'platform-is-the-bottom',
      comment: 'src/platform imports nothing of ours outside itself.',
      severity: 'error',
      from: { path: layer('platform') },
      to: { path: '^(src|cmdlets)/', pathNot: layer('platform') },
    },
    {
      name: 'vfs-only-platform',
      severity: 'error',
      from: { path: layer('vfs') },
      to: { path: '^(src|cmdlets)/', pathNot: [layer('platform'), layer('vfs')] },
    },
    {
      name: 'formats-only-platform-vfs',
      comment: 'formats/ holds bytes only: no DISM, no PowerShell.',
      severity: 'error',
      from: { path: layer('formats') },
      to: { path: '^(src|cmdlets)/', pathNot: [layer('platform'), layer('vfs'), layer('formats')] },
    },
    {
      name: 'dism-below-the-front-ends',
      severity: 'error',
      from: { path: layer('dism') },
      to: { path: '^(src|cmdlets)/', pathNot: [layer('platform'), layer('vfs'), layer('formats'), layer('dism')] },
    },
    {
      name: 'lang-knows-no-cmdlet-dism-or-wim',
      severity: 'error',
      from: { path: layer('lang') },
      to: { path: '^(src|cmdlets)/', pathNot: [layer('platform'), layer('vfs'), layer('lang')] },
    },
    {
      name: 'cmdlets-below-the-front-ends',
      severity: 'error',
      from: { path: '^cmdlets/' },
      to: { path: layer('frontends') },
    },
    {
      name: 'node-builtins-only-in-the-node-adapter',
      comment: 'Everything but src/platform/node must run in a browser too.',
      severity: 'error',
      from: { path: '^(src|cmdlets)/', pathNot: '^src/platform/node/' },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/|\\.generated\\.js$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
  },
};
