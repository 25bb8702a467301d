#!/usr/bin/env node
/* global process */
// Runs the compiled build (dist/, from `npm run build`; the Docker image has only that) when it is
// at least as new as every TypeScript source, else the sources through tsx (a development
// dependency: `npm install` brings it), so `npm start` on a fresh clone runs what was just edited.
// `start` always says which it runs; any command warns when it skips a stale build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// The service's start-up (modules, content, the classifier) is a burst of long-lived allocations
// that would grow V8's young generation to 2 × 16 MiB, kept for the life of an idle process: it
// stays small until start-up is done, when src/app/release-start-up-memory.ts puts V8's growth back.
if (process.argv[2] === 'start') setFlagsFromString('--semi-space-growth-factor=1');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'cli', 'index.js');
const sources = join(root, 'src');

/** The newest modification time of any file under `dir` (0 when there is none). */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(file) : statSync(file).mtimeMs);
  }
  return latest;
}

const hasBuild = existsSync(compiled);
const hasSources = existsSync(join(sources, 'cli', 'index.ts'));
const builtAt = hasBuild ? statSync(compiled).mtimeMs : 0;
const fromSource = process.env.CIVICAST_FROM_SOURCE === '1';
const stale = hasBuild && hasSources && !fromSource && newest(sources) > builtAt;
const useBuild = hasBuild && !stale && !fromSource;
const say = (line) => process.stderr.write(`civicast: ${line}\n`);

if (useBuild) {
  if (process.argv[2] === 'start') say(`running the compiled build (dist/, built ${new Date(builtAt).toISOString()})`);
  await import(pathToFileURL(compiled).href);
} else {
  if (stale) say('dist/ is older than src/: running the TypeScript sources (npm run build to use a new build)');
  else if (process.argv[2] === 'start') say('running the TypeScript sources (tsx)');
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    say(hasSources ? 'cannot run the sources without tsx: run `npm install` (development) or `npm run build`' : 'no build found: run `npm run build`');
    process.exit(1);
  }
  register();
  await import(pathToFileURL(join(sources, 'cli', 'index.ts')).href);
}
