import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../config/config-error.js';
import { problemsFromZod } from '../../config/load-config.js';
import { featureSpaceSchema } from './danger-features.js';

/** The fields every stored linear model shares: its kind, feature space and 16-bit weight scale. */
export const linearModelFields = {
  kind: z.literal('logistic-regression'),
  featureSpace: featureSpaceSchema,
  /** Weights are stored as 16-bit integers; weight = stored × `scale`. */
  scale: z.number().positive(),
  bias: z.number(),
};

/**
 * A trained model's two files in `dir`: `<name>.json` (checked with `schema`) and `<name>.bin`
 * (2^bits 16-bit weights). A missing or malformed file is an error naming it.
 */
export function readModelFiles<T extends { featureSpace: { bits: number } }>(dir: string, name: string, schema: z.ZodType<T>, what: string): { metadata: T; weights: Int16Array } {
  const display = path.relative(process.cwd(), dir) || dir;
  const jsonFile = path.join(dir, `${name}.json`);
  const binFile = path.join(dir, `${name}.bin`);
  const shown = (file: string) => path.join(display, path.basename(file));
  for (const file of [jsonFile, binFile]) if (!fs.existsSync(file)) throw new ConfigError([{ file: shown(file), path: '', message: `${what} not found (train it with npm run train:danger)` }]);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
  } catch (error) {
    throw new ConfigError([{ file: shown(jsonFile), path: '', message: `not JSON: ${(error as Error).message}` }]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(problemsFromZod(parsed.error, new Map(), shown(jsonFile)));
  const bytes = fs.readFileSync(binFile);
  const expected = 2 * 2 ** parsed.data.featureSpace.bits;
  if (bytes.length !== expected) throw new ConfigError([{ file: shown(binFile), path: '', message: `${bytes.length} bytes, expected ${expected} (2^${parsed.data.featureSpace.bits} 16-bit weights)` }]);
  const weights = new Int16Array(bytes.length / 2);
  for (let i = 0; i < weights.length; i++) weights[i] = bytes.readInt16LE(2 * i);
  return { metadata: parsed.data, weights };
}

/** Weights as shipped: 16-bit integers with one scale (weight = stored × scale), and their bytes. */
export function quantiseWeights(weights: Float64Array): { scale: number; quantised: Int16Array; bin: Buffer } {
  let largest = 0;
  for (const w of weights) largest = Math.max(largest, Math.abs(w));
  const scale = largest === 0 ? 1 : largest / 32_767;
  const quantised = new Int16Array(weights.length);
  for (let i = 0; i < weights.length; i++) quantised[i] = Math.round((weights[i] as number) / scale);
  const bin = Buffer.alloc(2 * weights.length);
  for (let i = 0; i < weights.length; i++) bin.writeInt16LE(quantised[i] as number, 2 * i);
  return { scale, quantised, bin };
}
