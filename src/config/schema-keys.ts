import type { z } from 'zod';

type Def = Record<string, unknown> & { type?: string };

function defOf(schema: unknown): Def | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const inner = (schema as { _zod?: { def?: unknown } })._zod?.def;
  return typeof inner === 'object' && inner !== null ? (inner as Def) : undefined;
}

/** The object schemas a value at this schema may be (through defaults, optionals, pipes and unions). */
function objectsOf(schema: unknown, depth = 0): Def[] {
  const def = defOf(schema);
  if (def === undefined || depth > 20) return [];
  switch (def.type) {
    case 'object':
      return [def];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return objectsOf(def['innerType'], depth + 1);
    case 'pipe':
      return [...objectsOf(def['in'], depth + 1), ...objectsOf(def['out'], depth + 1)];
    case 'union':
      return (Array.isArray(def['options']) ? def['options'] : []).flatMap((o: unknown) => objectsOf(o, depth + 1));
    default:
      return [];
  }
}

/** The schema of one step down a path: an object's field, an array's element, a record's value. */
function childOf(schema: unknown, step: PropertyKey, depth = 0): unknown[] {
  const def = defOf(schema);
  if (def === undefined || depth > 20) return [];
  switch (def.type) {
    case 'object': {
      const shape = def['shape'] as Record<string, unknown> | undefined;
      return typeof step === 'string' && shape?.[step] !== undefined ? [shape[step]] : [];
    }
    case 'array':
      return typeof step === 'number' ? [def['element']] : [];
    case 'record':
      return [def['valueType']];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return childOf(def['innerType'], step, depth + 1);
    case 'pipe':
      return [...childOf(def['in'], step, depth + 1), ...childOf(def['out'], step, depth + 1)];
    case 'union':
      return (Array.isArray(def['options']) ? def['options'] : []).flatMap((o: unknown) => childOf(o, step, depth + 1));
    default:
      return [];
  }
}

/**
 * The keys an object at `path` of `schema` may have, for "did you mean": read from the schema
 * itself, so every strict object in the config gets suggestions without a list to keep in step.
 */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown[] = [schema];
  for (const step of path) current = current.flatMap((s) => childOf(s, step));
  const keys = new Set<string>();
  for (const object of current.flatMap((s) => objectsOf(s))) {
    for (const key of Object.keys((object['shape'] as Record<string, unknown> | undefined) ?? {})) keys.add(key);
  }
  return [...keys];
}
