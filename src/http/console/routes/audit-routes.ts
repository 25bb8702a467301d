import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AuditEntry } from '../../../domain/audit.js';
import { neutralize } from '../../../domain/neutralize.js';
import { AppError } from '../../../domain/errors.js';
import { atLeast } from '../../../staff/roles.js';
import { requireStaff } from '../auth-hook.js';
import { optionalText } from '../form.js';
import { sendPage, type ConsoleDeps } from '../page.js';

/** How far back the page reads per stream; the full log stays in the store. */
const READ_BACK = 5_000;
const SHOWN = 300;

const filterQuery = z.object({
  actor: optionalText(100),
  action: optionalText(100),
  target: optionalText(200),
  /** Staff actions (default) or security events (sign-ins, refusals): kept apart, so neither crowds out the other. */
  stream: z.enum(['staff', 'security']).default('staff'),
});

/** One line of detail for the table: keys and values, shortened and stripped of control characters. */
function detailLine(entry: AuditEntry): string {
  if (entry.detail === undefined) return '';
  return neutralize(
    Object.entries(entry.detail)
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' · '),
    300,
  );
}

/** The audit log for managers and admins: who did what, newest first, with simple filters. */
export function registerAuditRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;
  app.get('/console/audit', async (request, reply) => {
    if (!atLeast(requireStaff(request).role, 'manager')) throw new AppError('FORBIDDEN', 'only managers and admins may read the audit log');
    const filter = filterQuery.parse(request.query);
    const matches = (entry: AuditEntry) =>
      (filter.actor === undefined || entry.actor.toLowerCase().includes(filter.actor.toLowerCase())) &&
      (filter.action === undefined || entry.action.startsWith(filter.action)) &&
      (filter.target === undefined || (entry.target ?? '').includes(filter.target));
    const entries = (await services.staff.views.audit(filter.stream, READ_BACK)).filter(matches);
    const actions = [...new Set(entries.map((e) => e.action.split('.')[0] ?? e.action))].sort();
    return sendPage(deps, request, reply, 'audit', 'Audit log', {
      filter: { actor: filter.actor ?? '', action: filter.action ?? '', target: filter.target ?? '', stream: filter.stream },
      streams: (['staff', 'security'] as const).map((s) => ({ key: s, label: s === 'staff' ? 'Staff actions' : 'Sign-ins and refusals', selected: s === filter.stream })),
      actions,
      total: entries.length,
      entries: entries.slice(0, SHOWN).map((e) => ({ at: e.at, actor: e.actor, action: e.action, target: e.target ?? '', where: e.where ?? '', detail: detailLine(e) })),
      shown: Math.min(SHOWN, entries.length),
    });
  });
}
