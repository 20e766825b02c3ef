/*
 * What boot diagnostics gives, made readable: the serial console log without terminal control sequences and
 * carriage returns, and the kind of image the screenshot blob holds (read from its first bytes, not assumed).
 */

// CSI sequences (colours, cursor moves), OSC sequences (titles), and other two-byte escapes.
// eslint-disable-next-line no-control-regex
const controlSequences = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** The serial log as text a person reads: no escape sequences, no stray carriage returns, no NULs. */
export function cleanSerialLog(text: string): string {
  return (
    text
      .replace(controlSequences, '')
      .replace(/\r+\n/g, '\n')
      .replace(/\r/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
  );
}

export type ScreenshotType = 'bmp' | 'png' | 'jpg';

/** The image format of a screenshot blob from its magic bytes; undefined when it is none of these. */
export function screenshotType(bytes: Uint8Array): ScreenshotType | undefined {
  if (bytes[0] === 0x42 && bytes[1] === 0x4d) return 'bmp';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  return undefined;
}
