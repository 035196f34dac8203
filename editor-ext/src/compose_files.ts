// compose_files.ts decides which extra files open as Compose files: the globs of the
// `dockerlab.compose.files` setting, matched against a document's path. Compose's own names
// (compose.yaml, docker-compose.yml and their compose.*.yaml overrides) are contributed in
// package.json; this covers the rest. No vscode import.

/**
 * globToRegExp turns a glob into a regular expression over a slash-separated path: `**` matches
 * any number of folders, `*` any characters but `/`, `?` one of them, `{a,b}` either. A glob
 * without a slash matches the file name in any folder.
 */
export function globToRegExp(glob: string): RegExp {
  let g = glob.trim().replace(/\\/g, '/');
  if (!g.includes('/')) {
    g = `**/${g}`;
  }
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      const slash = g[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '{') {
      const end = g.indexOf('}', i);
      if (end < 0) {
        re += '\\{';
        continue;
      }
      re += `(?:${g.slice(i + 1, end).split(',').map(escapeRegExp).join('|')})`;
      i = end;
    } else {
      re += escapeRegExp(c);
    }
  }
  return new RegExp(`(?:^|/)${re}$`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** isExtraComposeFile reports whether a path matches one of the setting's globs. */
export function isExtraComposeFile(path: string, globs: readonly string[]): boolean {
  const p = path.replace(/\\/g, '/');
  return globs.some((g) => g.trim() !== '' && globToRegExp(g).test(p));
}
