import { z } from 'zod';
import { defineCommand } from '../command.js';
import { translationKey, translationLanguage } from './translation-schemas.js';

export const translationApprove = defineCommand({
  name: 'translation.approve',
  summary: 'record that a person reviewed a translated public text as it stands (against its current English)',
  role: 'comms',
  input: z.strictObject({ language: translationLanguage, key: translationKey }),
  async run({ services, actor, now, audit }, input) {
    const row = await services.translations.review({ language: input.language, key: input.key, by: actor.id, at: now });
    await audit({ action: 'translation.approve', target: `${input.language}:${input.key}`, detail: { status: row.status, edited: row.edited } });
    return row;
  },
});
