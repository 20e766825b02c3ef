import type { ScalarValue } from '../types';

/**
 * YAML 1.2 core-schema resolution of a plain scalar, in the `yaml` package's order and with its conversions, so
 * the fast parser and the complete one agree on every value.
 */
export function resolvePlain(source: string): ScalarValue {
  const length = source.length;
  if (length === 0) return null;
  const first = source.charCodeAt(0);
  // Cheap exit for the common case: words that cannot be null, booleans or numbers.
  if (!(first === 126 || first === 110 || first === 78 || first === 116 || first === 84 || first === 102 || first === 70 || first === 43 || first === 45 || first === 46 || (first >= 48 && first <= 57))) {
    return source;
  }
  if (/^(?:~|[Nn]ull|NULL)$/.test(source)) return null;
  if (/^(?:[Tt]rue|TRUE)$/.test(source)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(source)) return false;
  if (/^0o[0-7]+$/.test(source)) return parseInt(source.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(source)) return parseInt(source, 10);
  if (/^0x[0-9a-fA-F]+$/.test(source)) return parseInt(source.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(source)) {
    return source.endsWith('nan') || source.endsWith('NaN') || source.endsWith('NAN') ? NaN : source[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(source)) return parseFloat(source);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(source)) return parseFloat(source);
  return source;
}
