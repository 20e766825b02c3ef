import { createHash } from 'node:crypto';

/**
 * The hash a mirrored container carries in its labels, compared with the config file's current text to show
 * "config changed". Line endings are normalised so a checkout with CRLF does not look like an edit.
 */
export function configHash(configText: string): string {
  return `sha256:${createHash('sha256').update(configText.replace(/\r\n/g, '\n'), 'utf8').digest('hex')}`;
}
