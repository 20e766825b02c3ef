/*
 * Image Customizer's log, read line by line. With `--log-format json` each line is one logrus JSONFormatter object
 * (toolkit/tools/internal/logger/writerhook.go: `formatter = &logrus.JSONFormatter{}`), e.g.
 *   {"level":"info","msg":"Installing packages (1): [dnf]","time":"2025-01-01T00:00:00Z"}
 * and the failure is the last line, logged by main.go with `logger.Log.Fatalf("%v", err)` (level "fatal").
 * Upstream promises only that the lines are JSON objects (cli.md, --log-format), so unknown shapes pass as text.
 */

/** ESC [ ... letter: colours and cursor moves that text logs (and older versions) carry. */
// eslint-disable-next-line no-control-regex -- ESC is what these sequences start with
const ansiEscape = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.replace(ansiEscape, '');
}

export interface LogEntry {
  /** logrus levels (panic, fatal, error, warn, info, debug, trace), or `text` for a line that is not JSON. */
  readonly level: string;
  readonly message: string;
  /** The line as it came, without colours: what the output channel and the log file show. */
  readonly text: string;
  /** The stage this line begins, when it begins one. */
  readonly stage?: BuildStage;
}

export function parseLogLine(line: string): LogEntry {
  const text = stripAnsi(line).replace(/\r$/, '');
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed) as { level?: unknown; msg?: unknown };
      if (value && typeof value === 'object' && typeof value.msg === 'string') {
        const level = typeof value.level === 'string' ? value.level : 'info';
        return { level, message: stripAnsi(value.msg), text: `[${level}] ${stripAnsi(value.msg)}` };
      }
    } catch {
      // Not JSON after all: keep it as text.
    }
  }
  // logrus's text format: `time="..." level=error msg="..."`, or on a terminal `ERRO[0001] message`.
  const keyed = /\blevel=(\w+)\b.*?\bmsg="((?:[^"\\]|\\.)*)"/.exec(trimmed);
  if (keyed) {
    const message = keyed[2].replace(/\\n/g, '\n').replace(/\\"/g, '"');
    return { level: keyed[1], message, text };
  }
  const short = /^(PANI|FATA|ERRO|WARN|INFO|DEBU|TRAC)\[[^\]]*\]\s*(.*)$/.exec(trimmed);
  if (short) {
    const levels: Record<string, string> = {
      PANI: 'panic',
      FATA: 'fatal',
      ERRO: 'error',
      WARN: 'warn',
      INFO: 'info',
      DEBU: 'debug',
      TRAC: 'trace',
    };
    return { level: levels[short[1]], message: short[2], text };
  }
  return { level: 'text', message: trimmed, text };
}

/** The stages of a build, in upstream's order (imagecustomizer.go's customizeImageOptionsHelper). */
export const buildStages = ['base', 'partitions', 'packages', 'os', 'verity', 'uki', 'output', 'done'] as const;
export type BuildStage = (typeof buildStages)[number];

/**
 * Messages that begin a stage, from upstream's `logger.Log.Infof` calls (toolkit/tools/pkg/imagecustomizerlib):
 * imagecustomizer.go, customizepartitions.go, customizepackages_rpm.go, customizeusers.go, customizegroups.go,
 * customizefiles.go, customizehostname.go, customizeservices.go, customizeselinux.go, customizeverity.go,
 * customizeuki.go, artifactsinputoutput.go.
 */
const stageStarts: ReadonlyArray<readonly [RegExp, BuildStage]> = [
  [/^Converting input image to a writeable format/, 'base'],
  [/^Customizing partitions/, 'partitions'],
  [
    /^(Refreshing package metadata|Installing packages|Updating packages|Updating existing packages|Removing packages|Cleaning RPM cache)/,
    'packages',
  ],
  [
    /^(Adding user|Updating user|Adding group|Updating group|Copying|Setting hostname|Enabling service|Disabling service|Configuring SELinux mode|Setting file SELinux labels|Regenerating initramfs)/,
    'os',
  ],
  [/^(Enable verity|Provisioning verity)/, 'verity'],
  [/^(Enabling UKI|Creating UKIs)/, 'uki'],
  [/^(Converting customized OS partitions into the final image|Writing: )/, 'output'],
  [/^Success!$/, 'done'],
];

export function stageOf(message: string): BuildStage | undefined {
  return stageStarts.find(([pattern]) => pattern.test(message))?.[1];
}

/** The words of a stage for the progress notification (the caller's l10n). */
export function stageLabel(stage: BuildStage, l10n: { t(message: string): string }): string {
  switch (stage) {
    case 'base':
      return l10n.t('preparing the base image');
    case 'partitions':
      return l10n.t('customizing partitions');
    case 'packages':
      return l10n.t('installing and updating packages');
    case 'os':
      return l10n.t('customizing the OS');
    case 'verity':
      return l10n.t('setting up verity');
    case 'uki':
      return l10n.t('creating UKIs');
    case 'output':
      return l10n.t('writing the output image');
    case 'done':
      return l10n.t('done');
  }
}

/** A failure message as one line: upstream chains its errors with ":\n" ("invalid image config:\ninput image ..."). */
export function oneLine(message: string): string {
  return message
    .split(/\r?\n/)
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
}

/**
 * Follows a build's log as it streams: splits chunks into lines, and keeps the current stage, whether upstream said
 * "Success!", and the last fatal or error message (the reason a build failed).
 */
export class BuildLogReader {
  private partial = '';
  private stageNow: BuildStage | undefined;
  private failure: string | undefined;
  private succeededNow = false;

  /** Feeds a chunk; returns the complete lines it finished, parsed. */
  push(chunk: string): LogEntry[] {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    return lines.filter((line) => line.trim()).map((line) => this.take(line));
  }

  /** The last line, when the stream ended without a newline. */
  end(): LogEntry[] {
    const rest = this.partial;
    this.partial = '';
    return rest.trim() ? [this.take(rest)] : [];
  }

  get stage(): BuildStage | undefined {
    return this.stageNow;
  }

  get succeeded(): boolean {
    return this.succeededNow;
  }

  /** Upstream's own words for the failure, on one line; undefined when it logged none. */
  get error(): string | undefined {
    return this.failure;
  }

  private take(line: string): LogEntry {
    const parsed = parseLogLine(line);
    const stage = stageOf(parsed.message);
    const entry = stage ? { ...parsed, stage } : parsed;
    if (stage) this.stageNow = stage;
    if (stage === 'done') this.succeededNow = true;
    if (entry.level === 'fatal' || entry.level === 'panic' || (entry.level === 'error' && !this.failure)) {
      this.failure = oneLine(entry.message);
    }
    return entry;
  }
}
