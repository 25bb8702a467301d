import { z } from 'zod';
import { defineCommand } from '../command.js';
import { translationKey, translationLanguage } from './translation-schemas.js';

export const translationEdit = defineCommand({
  name: 'translation.edit',
  summary: 'replace a translated public text with a reviewed correction, used at once on every instance',
  role: 'comms',
  input: z.strictObject({ language: translationLanguage, key: translationKey, text: z.string().trim().min(1).max(2000) }),
  async run({ services, actor, now, audit }, input) {
    const before = services.translations.state(input.language, input.key).text;
    const row = await services.translations.review({ language: input.language, key: input.key, by: actor.id, at: now, text: input.text });
    // The audit keeps both texts: who changed what a resident reads, and from what.
    await audit({ action: 'translation.edit', target: `${input.language}:${input.key}`, detail: { status: row.status, before: before ?? '', after: input.text } });
    return row;
  },
});
