import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { collectRecords, formatRecords } from '../../records/records-export.js';
import { defineCommand } from '../command.js';
import { epoch } from './schemas.js';

/**
 * Exports resident messages, decisions, replies and staff actions of a period for a public-records
 * request. The export itself is a staff action: audited with its filters and size.
 */
export const recordsExport = defineCommand({
  name: 'records.export',
  summary: 'export messages, decisions, replies and staff actions of a period (CSV or JSON lines) for a public-records request',
  role: 'manager',
  input: z.strictObject({
    from: epoch,
    to: epoch,
    channel: z.string().min(1).max(100).optional(),
    topic: z.string().min(1).max(100).optional(),
    format: z.enum(['csv', 'jsonl']).default('csv'),
  }),
  async run({ services, audit }, input) {
    if (input.to <= input.from) throw new AppError('INVALID_INPUT', '`to` must be after `from`');
    const rows = await collectRecords({ store: services.store, records: services.records }, input);
    const body = formatRecords(rows, input.format);
    const counts = { message: 0, reply: 0, 'staff-action': 0 };
    for (const row of rows) counts[row.kind]++;
    await audit({ action: 'records.export', target: `${new Date(input.from).toISOString()}..${new Date(input.to).toISOString()}`, detail: { channel: input.channel ?? null, topic: input.topic ?? null, format: input.format, rows: rows.length, ...counts } });
    return { format: input.format, rows: rows.length, counts, body };
  },
});
