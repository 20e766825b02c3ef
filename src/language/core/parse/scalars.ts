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
  if (!(
    first === 126 ||
    first === 110 ||
    first === 78 ||
    first === 116 ||
    first === 84 ||
    first === 102 ||
    first === 70 ||
    first === 43 ||
    first === 45 ||
    first === 46 ||
    (first >= 48 && first <= 57)
  )) {
    return source;
  }
  if (/^(?:~|[Nn]ull|NULL)$/.test(source)) return null;
  if (/^(?:[Tt]rue|TRUE)$/.test(source)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(source)) return false;
  if (/^0o[0-7]+$/.test(source)) return parseInt(source.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(source)) return parseInt(source, 10);
  if (/^0x[0-9a-fA-F]+$/.test(source)) return parseInt(source.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(source)) {
    return source.endsWith('nan') || source.endsWith('NaN') || source.endsWith('NAN')
      ? NaN
      : source[0] === '-'
        ? Number.NEGATIVE_INFINITY
        : Number.POSITIVE_INFINITY;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(source)) return parseFloat(source);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(source)) return parseFloat(source);
  return source;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Go's `strconv.ParseInt(s, 0, 64)` syntax once underscores are gone: a sign, then a base prefix or a leading 0 for octal. */
const GO_INT = /^([-+]?)(?:0[bB]([01]+)|0[oO]([0-7]+)|0[xX]([0-9a-fA-F]+)|0([0-7]*)|([1-9][0-9]*))$/;
/** yaml.v3's `yamlStyleFloat`. */
const YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/**
 * The value Go's yaml.v3 stores in an `int`/`int64` field for a plain (unquoted) scalar, or undefined when it
 * refuses it. yaml.v3 strips `_`, reads the digits as Go does (`0x1F`, `0o17`, `0b101`, and `0644` as octal 420),
 * and converts a float by truncation (`1e3` is 1000, `2.9` is 2). Quoted scalars are strings, which it refuses.
 */
export function goYamlInt(source: string): number | undefined {
  if (source === '') return undefined;
  const first = source.charCodeAt(0);
  if (first === 46) {
    // `.5`: yaml.v3 tries a float; `.inf` and `.nan` do not fit an int.
    return /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(source) ? Math.trunc(parseFloat(source)) : undefined;
  }
  const signed = first === 43 || first === 45;
  if (!signed && !(first >= 48 && first <= 57)) return undefined;
  if (/^-\.(?:inf|Inf|INF)$/.test(source)) return -(2 ** 63); // Go converts -Inf to the smallest int64
  const plain = source.replace(/_/g, '');
  const match = GO_INT.exec(plain);
  if (match) {
    const [, sign, binary, octal, hex, legacyOctal, decimal] = match;
    let magnitude: bigint;
    if (binary !== undefined) magnitude = BigInt(`0b${binary}`);
    else if (octal !== undefined) magnitude = BigInt(`0o${octal}`);
    else if (hex !== undefined) magnitude = BigInt(`0x${hex}`);
    else if (legacyOctal !== undefined) magnitude = legacyOctal === '' ? 0n : BigInt(`0o${legacyOctal}`);
    else magnitude = BigInt(decimal);
    const value = sign === '-' ? -magnitude : magnitude;
    // Past int64, yaml.v3 has a uint64 (or nothing), and neither goes into an int field.
    return value < INT64_MIN || value > INT64_MAX ? undefined : Number(value);
  }
  if (YAML_FLOAT.test(plain)) {
    const value = parseFloat(plain);
    if (!Number.isFinite(value) || Math.abs(value) >= 2 ** 63) return undefined;
    return Math.trunc(value);
  }
  return undefined;
}

const YAML11_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const YAML11_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

/** The YAML 1.1 words Go's yaml.v3 still accepts for a bool field (`yes`, `off`...); undefined for other text. */
export function yaml11Bool(source: string): boolean | undefined {
  return YAML11_TRUE.has(source) ? true : YAML11_FALSE.has(source) ? false : undefined;
}
