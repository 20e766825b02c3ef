/**
 * wsl.exe writes UTF-16LE (with a byte-order mark on some versions, NUL padding on others) unless WSL_UTF8=1
 * is set, and its headers and states are in the Windows display language. These readers take raw bytes and
 * never depend on the header's words.
 */

/** Decodes wsl.exe output: UTF-16LE when it says so (BOM) or looks like it (NULs in odd places), else UTF-8. */
export function decodeWslOutput(bytes: Uint8Array): string {
  let text: string;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = Buffer.from(bytes.subarray(2)).toString('utf16le');
  } else if (looksLikeUtf16le(bytes)) {
    text = Buffer.from(bytes).toString('utf16le');
  } else {
    text = Buffer.from(bytes).toString('utf8');
  }
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

export type WslState = 'running' | 'stopped' | 'installing' | 'converting' | 'uninstalling' | 'unknown';

export interface WslDistribution {
  readonly name: string;
  readonly state: WslState;
  /** 1 or 2; undefined when the listing did not say. */
  readonly version: number | undefined;
  readonly isDefault: boolean;
}

// State words in the languages Windows ships WSL in most often; the running list (`--running --quiet`, which has
// no header and no state words) settles running/stopped when a word is not known here.
const stateWords: Readonly<Record<Exclude<WslState, 'unknown'>, readonly string[]>> = {
  running: [
    'running',
    'wird ausgeführt',
    'en cours d’exécution',
    "en cours d'exécution",
    'en ejecución',
    'in esecuzione',
    'em execução',
    'выполняется',
    '正在运行',
    '実行中',
    '실행 중',
    'uitvoeren',
    'działa',
  ],
  stopped: [
    'stopped',
    'beendet',
    'arrêté',
    'detenido',
    'arrestato',
    'parado',
    'interrompido',
    'остановлено',
    '已停止',
    '停止',
    '중지됨',
    'gestopt',
    'zatrzymano',
  ],
  installing: ['installing', 'wird installiert', 'installation', 'instalando', 'installazione', 'установка', '正在安装', 'インストール中'],
  converting: [
    'converting',
    'wird konvertiert',
    'conversion',
    'convirtiendo',
    'conversione',
    'convertendo',
    'преобразование',
    '正在转换',
    '変換中',
  ],
  uninstalling: [
    'uninstalling',
    'wird deinstalliert',
    'désinstallation',
    'desinstalando',
    'disinstallazione',
    'удаление',
    '正在卸载',
    'アンインストール中',
  ],
};

function stateFromWords(words: string): WslState {
  const normalized = words.trim().toLowerCase();
  for (const [state, known] of Object.entries(stateWords) as [WslState, readonly string[]][]) {
    if (known.includes(normalized)) return state;
  }
  return 'unknown';
}

/** Distribution names as WSL allows them; anything else on a line (headers, messages) is not a row. */
const distributionName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Parses `wsl.exe --list --verbose`. The first line is a localised header; each row is `[*] NAME STATE VERSION`
 * where STATE may be several words. `runningNames` (from `--list --running --quiet`) corrects states whose words
 * are not known. A "no distributions" message (any language) yields an empty list.
 */
export function parseVerboseList(text: string, runningNames?: ReadonlySet<string>): WslDistribution[] {
  const lines = text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  const distributions: WslDistribution[] = [];
  for (const line of lines.slice(1)) {
    const isDefault = line.trimStart().startsWith('*');
    const fields = line.replace(/^\s*\*?\s*/, '').split(/\s+/);
    if (fields.length < 3) continue;
    const [name] = fields;
    const versionField = fields[fields.length - 1];
    if (!distributionName.test(name) || !/^[12]$/.test(versionField)) continue;
    let state = stateFromWords(fields.slice(1, -1).join(' '));
    if (runningNames) {
      if (runningNames.has(name)) state = 'running';
      else if (state === 'running' || state === 'unknown') state = 'stopped';
    }
    distributions.push({ name, state, version: Number(versionField), isDefault });
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
 * Parses `wsl.exe --list --online`: localised prose, then a header, then `NAME  FRIENDLY NAME` rows. The header is
 * the first line in two columns (two or more spaces apart); the rows are the two-column lines after it.
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
 * wsl.exe's "no installed distributions" message, in any display language: its error code
 * (WSL_E_DEFAULT_DISTRO_NOT_FOUND), or the parts every translation keeps in English (the `--list --online` command
 * it suggests, the store link older versions print). Checked before `saysWslIsNotInstalled`, whose message also
 * names `wsl.exe --install`.
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
