/**
 * wsl.exe writes its own text as UTF-16LE without a byte-order mark (it sets its streams to _O_U16TEXT; only the
 * WSL_UTF8 variable, which the extension never sets, changes that), in the Windows display language. The list headers
 * and state words are not translated. Programs run inside a distribution (`--exec`) write their own bytes, usually
 * UTF-8. These readers take raw bytes.
 */

/** Decodes what wsl.exe itself wrote: always UTF-16LE (a byte-order mark, should one come, is dropped). */
export function decodeWslOutput(bytes: Uint8Array): string {
  const start = bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe ? 2 : 0;
  return clean(Buffer.from(bytes.subarray(start)).toString('utf16le'));
}

/**
 * Decodes the output of other programs: a Linux program run with `wsl.exe --exec` (its own bytes, usually UTF-8, or
 * wsl.exe's UTF-16LE message when the program never ran), or reg.exe. UTF-16LE when it has a byte-order mark or NULs
 * in odd places, else UTF-8.
 */
export function decodeProgramOutput(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWslOutput(bytes);
  return looksLikeUtf16le(bytes) ? clean(Buffer.from(bytes).toString('utf16le')) : clean(Buffer.from(bytes).toString('utf8'));
}

function clean(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\0/g, '')
    .replace(/\r/g, '');
}

function looksLikeUtf16le(bytes: Uint8Array): boolean {
  const sample = Math.min(bytes.length, 200);
  if (sample < 4) return false;
  let oddNuls = 0;
  for (let i = 1; i < sample; i += 2) if (bytes[i] === 0) oddNuls++;
  return oddNuls >= sample / 4;
}

export type WslState = 'running' | 'stopped' | 'installing' | 'converting' | 'uninstalling' | 'exporting' | 'unknown';

export interface WslDistribution {
  readonly name: string;
  readonly state: WslState;
  /** 1 or 2; undefined when the listing did not say. */
  readonly version: number | undefined;
  readonly isDefault: boolean;
}

/** The state words of `--list --verbose`, the same in every display language (WslClient.cpp). */
const stateWords: Readonly<Record<string, Exclude<WslState, 'unknown'>>> = {
  Running: 'running',
  Stopped: 'stopped',
  Installing: 'installing',
  Uninstalling: 'uninstalling',
  Converting: 'converting',
  Exporting: 'exporting',
};

/** States that are work under way: the verbose listing's word stands even if the running list says otherwise. */
export function isTransitionalState(state: WslState): boolean {
  return state === 'installing' || state === 'uninstalling' || state === 'converting' || state === 'exporting';
}

/** Distribution names as WSL allows them (`^[a-zA-Z0-9._-]{1,256}$`); anything else on a line (messages) is not a row. */
export const distributionName = /^[A-Za-z0-9._-]{1,256}$/;

/**
 * Parses `wsl.exe --list --verbose`: the header `NAME STATE VERSION`, then one row per distribution,
 * `[*] NAME STATE VERSION`, the default marked `*`. `runningNames` (from `--list --running --quiet`) settles running
 * and stopped; a state under way (installing, exporting...) stands. A message instead of a listing yields no rows.
 */
export function parseVerboseList(text: string, runningNames?: ReadonlySet<string>): WslDistribution[] {
  const distributions: WslDistribution[] = [];
  for (const line of text.split('\n')) {
    const row = /^\s*(\*?)\s*(\S+)\s+(\S+)\s+([12])\s*$/.exec(line);
    if (!row) continue;
    const [, mark, name, word, version] = row;
    if (!distributionName.test(name) || (name === 'NAME' && word === 'STATE')) continue;
    let state: WslState = stateWords[word] ?? 'unknown';
    if (runningNames && !isTransitionalState(state)) state = runningNames.has(name) ? 'running' : 'stopped';
    distributions.push({ name, state, version: Number(version), isDefault: mark === '*' });
  }
  return distributions;
}

/** Parses `wsl.exe --list --quiet` (optionally `--running`): one name per line, no header. */
export function parseQuietList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => distributionName.test(line));
}

export interface OnlineDistribution {
  readonly name: string;
  readonly friendlyName: string;
}

/**
 * Parses `wsl.exe --list --online`: localised prose, then the header `NAME  FRIENDLY NAME`, then one row per
 * distribution, the name padded to the longest one plus four spaces. The header is the first line in two columns (two
 * or more spaces apart); the rows are the two-column lines after it.
 */
export function parseOnlineList(text: string): OnlineDistribution[] {
  const twoColumns = text
    .split('\n')
    .map((line) => /^\s*\*?\s*(\S+)\s{2,}(\S.*?)\s*$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null);
  return twoColumns
    .slice(1)
    .filter((match) => distributionName.test(match[1]))
    .map((match) => ({ name: match[1], friendlyName: match[2] }));
}

/**
 * wsl.exe's "no installed distributions" message, in any display language: the parts every translation keeps in
 * English (the `--list --online` command it suggests, the store link older versions print), or the error code older
 * versions added (WSL_E_DEFAULT_DISTRO_NOT_FOUND; current ones leave it out). Checked before
 * `saysWslIsNotInstalled`, whose message also names `wsl.exe --install`.
 */
export function saysNoDistributions(text: string): boolean {
  return /WSL_E_DEFAULT_DISTRO_NOT_FOUND|has no installed distributions|wsl(?:\.exe)? --list --online|aka\.ms\/wslstore/i.test(text);
}

/** Messages wsl.exe prints when WSL itself is missing (it then exits non-zero); see `saysNoDistributions` first. */
export function saysWslIsNotInstalled(text: string): boolean {
  return /Windows Subsystem for Linux (is not installed|has not been enabled)|aka\.ms\/wslinstall|wsl\.exe --install'|optional component/i.test(
    text,
  );
}

/**
 * The folder of each distribution's disk, by name, from `reg query ...\Lxss /s`: a key per distribution with its
 * `DistributionName` and `BasePath` values (`    Name    REG_SZ    value`). Keys without both are left out.
 */
export function parseLxssRegistry(text: string): Map<string, string> {
  const folders = new Map<string, string>();
  let name: string | undefined;
  let basePath: string | undefined;
  const flush = () => {
    if (name && basePath) folders.set(name, basePath);
    name = basePath = undefined;
  };
  for (const line of text.split(/\r?\n/)) {
    if (/^HKEY_/i.test(line)) {
      flush();
      continue;
    }
    const value = /^\s+(\S+)\s+REG_(?:EXPAND_)?SZ\s+(.*?)\s*$/.exec(line);
    if (value?.[1] === 'DistributionName') name = value[2];
    else if (value?.[1] === 'BasePath') basePath = value[2].replace(/^\\\\\?\\/, '');
  }
  flush();
  return folders;
}

/**
 * The WSL package version from `wsl --version` (its first line, "WSL version: 2.4.4.0", is translated, the number is
 * not), or undefined when the text has none.
 */
export function parseWslVersion(text: string): string | undefined {
  const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? '';
  return /(\d+\.\d+\.\d+(?:\.\d+)?)/.exec(firstLine)?.[1];
}

/** `wsl --install --from-file` came with WSL 2.4.4 (the .wsl distribution format). */
export const installFromFileSince = '2.4.4';

/** Whether `version` (dotted numbers) is at least `minimum`. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return true;
}
