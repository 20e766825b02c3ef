/*
 * Programs that think they write to a terminal colour their output and redraw progress bars with carriage returns.
 * A log line wants what a terminal would finally show: no escape sequences, and for a line redrawn with `\r`, its
 * last drawing.
 */

// CSI (colours, cursor moves), OSC (titles, links; ended by BEL or ST), and two-character escapes; the 8-bit CSI.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const escapeSequence = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]|\u009b[0-?]*[ -/]*[@-~]/g;
// Control characters other than tab (line breaks are the caller's: this works on one line).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacter = /[\x00-\x08\x0a-\x1f\x7f]/g;

/** One line of program output as plain text: escape sequences removed, the last `\r` redraw kept, controls dropped. */
export function plainLogLine(line: string): string {
  const withoutEscapes = line.replace(escapeSequence, '');
  const drawings = withoutEscapes.split('\r').filter((drawing) => drawing.trim() !== '');
  return (drawings.at(-1) ?? '').replace(controlCharacter, '');
}
