import { z } from 'zod';
import { AppError } from '../../domain/errors.js';

/** A checkbox group or repeated field arrives as a string when one box is ticked, an array when several are. */
export const list = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(200)).max(100));

/** An HTML checkbox: present ("on") or absent. */
export const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === '1', z.boolean());

/** Empty text inputs mean "not given". */
export const optionalText = (max: number) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().max(max).optional());

export type ParamValue = string | number | boolean;

/**
 * `key=value` lines → emergency parameters. Numbers and true/false become typed values, as the
 * YAML playbooks and the JSON API would give them.
 */
export function parseParams(text: string): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq < 0 ? '' : line.slice(0, eq).trim();
    if (!/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(key)) throw new AppError('INVALID_INPUT', `parameters line ${index + 1}: write key=value (letters, digits and _ in the key)`);
    const value = line.slice(eq + 1).trim();
    if (value.length > 500) throw new AppError('INVALID_INPUT', `parameter "${key}" is longer than 500 characters`);
    params[key] = value === 'true' ? true : value === 'false' ? false : /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return params;
}

export function formatParams(params: Record<string, ParamValue>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('\n');
}
