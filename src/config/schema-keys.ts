import type { z } from 'zod';

type Def = Record<string, unknown> & { type?: string };

function defOf(schema: unknown): Def | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const inner = (schema as { _zod?: { def?: unknown } })._zod?.def;
  return typeof inner === 'object' && inner !== null ? (inner as Def) : undefined;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** The schemas a value may really be checked by: through defaults, optionals, pipes and unions. */
function concrete(schema: unknown, depth = 0): Def[] {
  const def = defOf(schema);
  if (def === undefined || depth > 20) return [];
  if (WRAPPERS.has(def.type ?? '')) return concrete(def['innerType'], depth + 1);
  if (def.type === 'pipe') return [...concrete(def['in'], depth + 1), ...concrete(def['out'], depth + 1)];
  if (def.type === 'union') return (Array.isArray(def['options']) ? def['options'] : []).flatMap((o: unknown) => concrete(o, depth + 1));
  return [def];
}

/** The schema of one step down a path: an object's field, an array's element, a record's value. */
function childOf(def: Def, step: PropertyKey): unknown[] {
  if (def.type === 'object') {
    const shape = def['shape'] as Record<string, unknown> | undefined;
    return typeof step === 'string' && shape?.[step] !== undefined ? [shape[step]] : [];
  }
  if (def.type === 'array') return typeof step === 'number' ? [def['element']] : [];
  if (def.type === 'record') return [def['valueType']];
  return [];
}

/**
 * The keys an object at `path` of `schema` may have, for "did you mean": read from the schema
 * itself, so every strict object in the config gets suggestions without a list to keep in step.
 */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown[] = [schema];
  for (const step of path) current = current.flatMap((s) => concrete(s).flatMap((def) => childOf(def, step)));
  const keys = new Set<string>();
  for (const object of current.flatMap((s) => concrete(s)).filter((def) => def.type === 'object')) {
    for (const key of Object.keys((object['shape'] as Record<string, unknown> | undefined) ?? {})) keys.add(key);
  }
  return [...keys];
}
