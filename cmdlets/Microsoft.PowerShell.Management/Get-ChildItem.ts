/*
 * Get-ChildItem (Microsoft.PowerShell.Management): gets the items and child items in one or more specified
 * locations.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { wildcardToRegExp } from '../../src/lang/runtime/operators';
import { toStr } from '../../src/lang/types/convert';
import { strings, expandPath, pathNotFound, displayFull, itemObject, sw } from '../_shared/common';
import { listDirectory, statPath } from '../../src/vfs/vfs-fs';

export const cmdlet = defineCmdlet({
  name: 'Get-ChildItem',
  className: 'Microsoft.PowerShell.Commands.GetChildItemCommand',
  module: 'Microsoft.PowerShell.Management',
  defaultParameterSetName: 'Items',
  parameters: [
    { name: 'Path', type: 'String[]', sets: { Items: { position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true } }, description: 'The locations to list (wildcards allowed).' },
    { name: 'LiteralPath', type: 'String[]', aliases: ['PSPath', 'LP'], sets: { LiteralItems: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Locations without wildcards.' },
    { name: 'Filter', type: 'String', position: 1, description: 'A wildcard filter on names.' },
    { name: 'Include', type: 'String[]', description: 'Only names matching these patterns.' },
    { name: 'Exclude', type: 'String[]', description: 'Leaves out names matching these patterns.' },
    { name: 'Recurse', type: 'SwitchParameter', aliases: ['s'], description: 'Includes subdirectories.' },
    { name: 'Depth', type: 'UInt32', description: 'Recursion depth.' },
    { name: 'Force', type: 'SwitchParameter', description: 'Includes hidden items.' },
    { name: 'Name', type: 'SwitchParameter', description: 'Names only.' },
    { name: 'Directory', type: 'SwitchParameter', aliases: ['ad', 'd'], description: 'Directories only.' },
    { name: 'File', type: 'SwitchParameter', aliases: ['af'], description: 'Files only.' },
    { name: 'Hidden', type: 'SwitchParameter', aliases: ['ah', 'h'], description: 'Hidden items only.' },
    { name: 'ReadOnly', type: 'SwitchParameter', aliases: ['ar'], description: 'Read-only items only.' },
    { name: 'System', type: 'SwitchParameter', aliases: ['as'], description: 'System items only.' },
    { name: 'Attributes', type: 'String', description: 'Attribute filter.' },
  ],
  help: { 'en-US': { synopsis: 'Gets the items and child items in one or more specified locations.', examples: [{ title: 'Split parts', code: 'Get-ChildItem D:\\x\\*.swm' }] } },
  async process(ctx) {
    const literal = ctx.params.LiteralPath !== undefined;
    const paths = strings(ctx.params.Path ?? ctx.params.LiteralPath);
    if (!paths.length) paths.push('.');
    const filter = ctx.params.Filter === undefined ? undefined : wildcardToRegExp(toStr(ctx.params.Filter));
    const include = strings(ctx.params.Include).map((x) => wildcardToRegExp(x));
    const exclude = strings(ctx.params.Exclude).map((x) => wildcardToRegExp(x));
    const maxDepth = ctx.params.Depth === undefined ? (sw(ctx, 'Recurse') ? Infinity : 0) : ctx.params.Depth;
    const keep = (name: string, isDir: boolean) => {
      if (filter && !filter.test(name)) return false;
      if (include.length && !include.some((r) => r.test(name))) return false;
      if (exclude.some((r) => r.test(name))) return false;
      if (sw(ctx, 'Directory') && !isDir) return false;
      if (sw(ctx, 'File') && isDir) return false;
      if (!sw(ctx, 'Force') && !sw(ctx, 'Hidden') && name.startsWith('.')) return false;
      return true;
    };
    const walk = async (hostDir: string, display: string, depth: number, rel: string) => {
      let names: string[];
      try {
        names = listDirectory(hostDir).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
      } catch {
        return;
      }
      const dirs: string[] = [];
      const files: string[] = [];
      for (const n of names) {
        let isDir = false;
        try {
          isDir = statPath(host().path.join(hostDir, n)).isDirectory();
        } catch {
          continue;
        }
        (isDir ? dirs : files).push(n);
      }
      for (const n of [...dirs, ...files]) {
        const h = host().path.join(hostDir, n);
        const isDir = dirs.includes(n);
        const d = display.replace(/[\\/]$/, '') + (display.includes('/') && !display.includes('\\') ? '/' : '\\') + n;
        if (keep(n, isDir)) await ctx.writeObject(sw(ctx, 'Name') ? (rel ? rel + '\\' + n : n) : itemObject(h, d, true));
      }
      if (depth < maxDepth) for (const n of dirs) await walk(host().path.join(hostDir, n), display.replace(/[\\/]$/, '') + '\\' + n, depth + 1, rel ? rel + '\\' + n : n);
    };
    for (const p of paths) {
      const items = expandPath(ctx, p, literal);
      if (!items.length) {
        if (!/[*?[]/.test(p) || literal) ctx.writeError(pathNotFound(ctx, displayFull(ctx, p)));
        continue;
      }
      for (const it of items) {
        const st = statPath(it.host);
        if (st.isDirectory() && !/[*?[]/.test(p)) await walk(it.host, it.display, 0, '');
        else {
          const name = it.display.replace(/^.*[\\/]/, '');
          if (keep(name, st.isDirectory())) await ctx.writeObject(sw(ctx, 'Name') ? name : itemObject(it.host, it.display));
          if (st.isDirectory() && maxDepth > 0) await walk(it.host, it.display, 1, name);
        }
      }
    }
  },
});
