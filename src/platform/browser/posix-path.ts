/*
 * POSIX paths for hosts without node:path (the browser): the functions Host.path lists, with node:path's POSIX
 * results for the inputs wimsh gives them. `cwd` supplies the base that resolve() starts from.
 */
import type { Host } from '../types';

function normalizeParts(p: string, absolute: boolean): string[] {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(part);
  }
  return out;
}

export function createPosixPath(cwd: () => string): Host['path'] {
  const normalize = (p: string): string => {
    if (p === '') return '.';
    const abs = p.startsWith('/');
    const trailing = p.endsWith('/');
    const body = normalizeParts(p, abs).join('/');
    if (abs) return '/' + body + (trailing && body ? '/' : '');
    return (body || '.') + (trailing && body ? '/' : '');
  };
  const resolve = (...parts: string[]): string => {
    let acc = '';
    for (let i = parts.length - 1; i >= 0 && !acc.startsWith('/'); i--) {
      if (parts[i]) acc = acc ? `${parts[i]}/${acc}` : parts[i];
    }
    if (!acc.startsWith('/')) acc = `${cwd()}/${acc}`;
    return '/' + normalizeParts(acc, true).join('/');
  };
  const basename = (p: string, ext?: string): string => {
    let end = p.length;
    while (end > 1 && p[end - 1] === '/') end--;
    const s = p.slice(0, end);
    const base = s.slice(s.lastIndexOf('/') + 1);
    return ext && base !== ext && base.endsWith(ext) ? base.slice(0, base.length - ext.length) : base;
  };
  return {
    sep: '/',
    normalize,
    resolve,
    join: (...parts: string[]) => normalize(parts.filter((x) => x !== '').join('/') || '.'),
    isAbsolute: (p: string) => p.startsWith('/'),
    basename,
    dirname: (p: string) => {
      let end = p.length;
      while (end > 1 && p[end - 1] === '/') end--;
      const i = p.lastIndexOf('/', end - 1);
      if (i < 0) return '.';
      return i === 0 ? '/' : p.slice(0, i); // as node:path: 'a//b' -> 'a/'
    },
    extname: (p: string) => {
      const base = basename(p);
      const i = base.lastIndexOf('.');
      return i <= 0 || base === '..' ? '' : base.slice(i);
    },
    relative: (from: string, to: string) => {
      const a = normalizeParts(resolve(from), true);
      const b = normalizeParts(resolve(to), true);
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return [...Array(a.length - i).fill('..'), ...b.slice(i)].join('/');
    },
  };
}
