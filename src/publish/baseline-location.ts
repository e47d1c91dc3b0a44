/**
 * The `baseline` setting (`branch:<name>`, `file:<path>` or `none`) and the names that end up in
 * paths: baseline keys (one file per key) and branch names.
 */
import { ConfigError } from '../core/errors.js';

export type BaselineLocation =
  | { kind: 'branch'; branch: string }
  | { kind: 'file'; path: string }
  | { kind: 'none' };

const EXPECTED = 'branch:<name> (a branch of this repository), file:<path> (a local JSON file) or none';

export function parseBaselineLocation(value: string, input: string): BaselineLocation {
  const trimmed = value.trim();
  if (trimmed.toLowerCase() === 'none') return { kind: 'none' };
  const match = /^(branch|file):(.*)$/i.exec(trimmed);
  const kind = match?.[1]?.toLowerCase();
  const rest = match?.[2]?.trim() ?? '';
  if (kind === 'branch') {
    if (!isValidBranchName(rest))
      throw new ConfigError(input, value, `branch:<name> with a valid git branch name`);
    return { kind: 'branch', branch: rest };
  }
  if (kind === 'file') {
    if (!rest || rest.includes('\0'))
      throw new ConfigError(input, value, 'file:<path> with a non-empty path');
    return { kind: 'file', path: rest };
  }
  throw new ConfigError(input, value, EXPECTED);
}

/** git check-ref-format's rules, as they apply to a branch name. */
export function isValidBranchName(name: string): boolean {
  if (!name || name.length > 200 || name === '@' || name.startsWith('-')) return false;
  if ([...name].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f)) return false;
  if (/[~^:?*[\\]/.test(name)) return false;
  if (name.includes('..') || name.includes('@{') || name.includes('//')) return false;
  if (name.startsWith('/') || name.endsWith('/') || name.endsWith('.')) return false;
  return name.split('/').every((part) => !part.startsWith('.') && !part.endsWith('.lock'));
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** A key becomes `<key>.json`: letters, digits, '.', '_' and '-' only, no '..', no leading dot. */
export function isValidBaselineKey(key: string): boolean {
  return KEY.test(key) && !key.includes('..') && !key.endsWith('.');
}

export function assertBaselineKey(key: string): void {
  if (!isValidBaselineKey(key)) {
    throw new ConfigError(
      'baseline-key',
      key,
      'a file name of up to 100 letters, digits, ".", "_" or "-", starting with a letter or digit',
    );
  }
}
