import type { Rule } from '../../types';
import { error, field, has, hasItems, keyRangeOf, mapAt, quote, rootMap, valueRange } from '../model';

/** `input.image` names one source: a file, an OCI artifact, or a published Azure Linux image. */
export const inputImageSource: Rule = (context) => {
  const { l10n } = context;
  const image = mapAt(rootMap(context), 'input', 'image');
  if (!image) return;
  const given = [
    field(context, image, 'path') !== '' ? 'path' : undefined,
    has(image, 'oci') ? 'oci' : undefined,
    has(image, 'azureLinux') ? 'azureLinux' : undefined,
  ].filter((key): key is string => key !== undefined);
  for (const key of given.slice(1)) {
    error(
      context,
      'input-image-sources',
      keyRangeOf(image, key)!,
      l10n.t("'input.image' takes one source, but has {0}: keep only one of 'path', 'oci' and 'azureLinux'.", given.map(quote).join(', ')),
    );
  }
};

/** PXE output: one bootstrap URL at most, and none with a full-OS initramfs. */
export const pxeBootstrap: Rule = (context) => {
  const { l10n } = context;
  const pxe = mapAt(rootMap(context), 'pxe');
  if (!pxe) return;
  const base = field(context, pxe, 'bootstrapBaseUrl');
  const file = field(context, pxe, 'bootstrapFileUrl');
  if (field(context, pxe, 'initramfsType') === 'full-os' && (base !== '' || file !== '')) {
    const key = base !== '' ? 'bootstrapBaseUrl' : 'bootstrapFileUrl';
    error(
      context,
      'pxe-bootstrap-url',
      keyRangeOf(pxe, key)!,
      l10n.t(
        "'{0}' does not apply with 'initramfsType: full-os': the whole OS is in the initramfs. Remove it or use 'initramfsType: bootstrap'.",
        key,
      ),
    );
  } else if (base !== '' && file !== '') {
    error(
      context,
      'pxe-bootstrap-url',
      keyRangeOf(pxe, 'bootstrapFileUrl')!,
      l10n.t("Give either 'bootstrapBaseUrl' or 'bootstrapFileUrl', not both."),
    );
  }
};

/** `output.artifacts` needs both a non-empty `items` list and a `path`. */
export const outputArtifacts: Rule = (context) => {
  const { l10n } = context;
  const artifacts = mapAt(rootMap(context), 'output', 'artifacts');
  if (!artifacts) return;
  // Missing keys are the schema's (required) to report; empty ones are ours.
  if (has(artifacts, 'items') && !hasItems(artifacts, 'items')) {
    error(
      context,
      'artifacts-incomplete',
      valueRange(artifacts, 'items')!,
      l10n.t("'output.artifacts.items' must list at least one artifact (ukis, shim, bootloader, verity-hash)."),
    );
  }
  if (valueRange(artifacts, 'path') && field(context, artifacts, 'path').trim() === '') {
    error(
      context,
      'artifacts-incomplete',
      valueRange(artifacts, 'path')!,
      l10n.t("'output.artifacts.path' must name the folder the artifacts are written to."),
    );
  }
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Go's `time.Parse(time.RFC3339, ...)`: an upper-case `T` and `Z` only (RFC 3339 allows lower case; Go does not). */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isSnapshotTime(value: string): boolean {
  const date = DATE.exec(value);
  if (date) return validDate(+date[1], +date[2], +date[3]);
  const time = DATE_TIME.exec(value);
  if (!time) return false;
  const zoneOk = time[9] === undefined || (+time[9] < 24 && +time[10] < 60);
  return validDate(+time[1], +time[2], +time[3]) && +time[4] < 24 && +time[5] < 60 && +time[6] < 60 && zoneOk;
}

/** `os.packages.snapshotTime`: a date (YYYY-MM-DD) or an RFC 3339 time. */
export const snapshotTime: Rule = (context) => {
  const { l10n } = context;
  const packages = mapAt(rootMap(context), 'os', 'packages');
  const value = field(context, packages, 'snapshotTime');
  if (value === '' || isSnapshotTime(value)) return;
  error(
    context,
    'invalid-snapshot-time',
    valueRange(packages!, 'snapshotTime')!,
    l10n.t('Invalid snapshot time {0}: use a date (2024-05-20) or an RFC 3339 time (2024-05-20T15:04:05Z).', quote(value)),
  );
};
