/**
 * Glob matching for file names and paths: `*` (any run of characters except `/`), `**` (any number of path
 * segments), `?` (one character except `/`), `[abc]`/`[a-z]`/`[!a]` classes. Pure: the CLI and recognition share it.
 */
export function globToRegExp(glob: string, options: { caseInsensitive?: boolean } = {}): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        let j = i + 2;
        if (atSegmentStart && glob[j] === '/') {
          // `**/` matches zero or more whole segments.
          source += '(?:[^/]*/)*';
          i = j;
          continue;
        }
        if (atSegmentStart && j === glob.length) {
          source += '.*';
          i = j;
          continue;
        }
        // `**` inside a segment behaves like `*`.
        while (glob[j] === '*') j++;
        source += '[^/]*';
        i = j - 1;
        continue;
      }
      source += '[^/]*';
    } else if (c === '?') {
      source += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        source += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      source += `[${negate ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else {
      source += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, options.caseInsensitive ? 'i' : '');
}

export function matchesGlob(path: string, glob: string, options?: { caseInsensitive?: boolean }): boolean {
  return globToRegExp(glob, options).test(path);
}

/** True when the string has glob syntax (so the CLI treats it as a pattern, not a path). */
export function isGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** The leading segments of a glob that contain no glob syntax: where a walk for it starts. */
export function globBase(glob: string): string {
  const segments = glob.split('/');
  const base: string[] = [];
  for (const segment of segments) {
    if (isGlob(segment)) break;
    base.push(segment);
  }
  if (base.length === segments.length) base.pop();
  return base.join('/') || (glob.startsWith('/') ? '/' : '.');
}
