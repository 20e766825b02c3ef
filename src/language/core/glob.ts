import picomatch from 'picomatch';

/**
 * Glob matching for file names and paths, by picomatch (the matcher VS Code's own tooling uses): `*` (any run of
 * characters except `/`), `**` (any number of path segments), `?` (one character except `/`), `[abc]`/`[a-z]`/`[!a]`
 * classes, and `{a,b}` alternatives. Paths use `/` on every platform (callers turn `\` into `/`); `*` matches names
 * that start with a dot; a leading `!` and `+(…)`-style extended globs are plain text, as in VS Code's globs.
 * Pure: the CLI and recognition share it.
 */
function optionsOf(caseInsensitive: boolean | undefined): picomatch.PicomatchOptions {
  return { dot: true, windows: false, posix: true, nonegate: true, noextglob: true, nocase: caseInsensitive === true };
}

export function globToRegExp(glob: string, options: { caseInsensitive?: boolean } = {}): RegExp {
  return picomatch.makeRe(glob, optionsOf(options.caseInsensitive));
}

const matchers = new Map<string, (path: string) => boolean>();

export function matchesGlob(path: string, glob: string, options: { caseInsensitive?: boolean } = {}): boolean {
  const key = `${options.caseInsensitive ? 'i' : 's'}:${glob}`;
  let matcher = matchers.get(key);
  if (!matcher) {
    matcher = picomatch(glob, optionsOf(options.caseInsensitive));
    if (matchers.size > 256) matchers.clear();
    matchers.set(key, matcher);
  }
  return matcher(path);
}

/** True when the string has glob syntax (so the CLI treats it as a pattern, not a path). */
export function isGlob(pattern: string): boolean {
  return picomatch.scan(pattern, { nonegate: true }).isGlob;
}

/** The leading segments of a glob that contain no glob syntax: where a walk for it starts. */
export function globBase(glob: string): string {
  const scanned = picomatch.scan(glob, { nonegate: true });
  if (!scanned.isGlob) {
    const slash = glob.lastIndexOf('/');
    return slash > 0 ? glob.slice(0, slash) : glob.startsWith('/') ? '/' : '.';
  }
  return scanned.base || '.';
}
