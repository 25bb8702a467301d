import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** Lints a snippet as if it lived at `filePath`, with the repository's own configuration. */
async function ruleHits(code: string, filePath: string): Promise<number[]> {
  const eslint = new ESLint({ cwd: process.cwd() });
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line);
}

const SNIPPET = [
  "import { X_CAPABILITIES } from '../channels/x/x-capabilities.js';",
  "export const kind = 'mastodon';",
  'export const template = `bluesky`;',
  "export type Later = 'threads' | 'instagram' | 'facebook';",
  "export const property = 'x' in { x: 1 };",
  "export const channelName = 'x-311';",
  'export const caps = X_CAPABILITIES;',
].join('\n');

describe('lint: the core never names a platform', () => {
  it('flags platform names and platform-folder imports outside src/channels/<platform>/', async () => {
    // Lines 1–4 name a platform; `'x' in …` asks about a property, `'x-311'` is a channel name.
    expect(await ruleHits(SNIPPET, 'src/outbox/probe.ts')).toEqual([1, 2, 3, 4, 4, 4]);
    expect(await ruleHits(SNIPPET, 'src/channels/kit/probe.ts')).toEqual([1, 2, 3, 4, 4, 4]);
    // Shared by several adapters, so shared rules: the Meta Graph code and the image cards name none.
    expect(await ruleHits(SNIPPET, 'src/channels/graph/probe.ts')).toEqual([1, 2, 3, 4, 4, 4]);
    expect(await ruleHits(SNIPPET, 'src/cards/probe.ts')).toEqual([1, 2, 3, 4, 4, 4]);
  });

  it('lets the platform folder itself, the registry and the composition root name it', async () => {
    expect(await ruleHits(SNIPPET, 'src/channels/x/probe.ts')).toEqual([]);
    expect(await ruleHits(SNIPPET, 'src/channels/registry.ts')).toEqual([]);
    expect(await ruleHits(SNIPPET, 'src/main.ts')).toEqual([]);
  });
});
