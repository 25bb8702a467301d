import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../domain/errors.js';
import { isOpen } from '../../../domain/emergency.js';
import type { PreviewRow } from '../../../services.js';
import { STAFF_COMMANDS as C } from '../../../staff/commands/all-commands.js';
import { atLeast } from '../../../staff/roles.js';
import { requireStaff } from '../auth-hook.js';
import { checkbox, formatParams, optionalText, parseParams } from '../form.js';
import { runAs, sendPage, type ConsoleDeps } from '../page.js';

const declareForm = z.object({
  type: z.string().min(1).max(40),
  params: z.string().max(20_000).default(''),
  title: optionalText(200),
  drill: checkbox,
  requiresApproval: checkbox,
  confirmed: z.string().optional(),
});
const reasonForm = z.object({ reason: optionalText(500) });
const updateForm = z.object({ params: z.string().max(20_000).default('') });

/** Preview rows grouped per channel and locale, the way staff check a campaign before it goes out. */
function groupPreview(rows: PreviewRow[]): { channel: string; locale: string; rows: (PreviewRow & { over: boolean; count: number })[] }[] {
  const groups = new Map<string, { channel: string; locale: string; rows: (PreviewRow & { over: boolean; count: number })[] }>();
  for (const row of rows) {
    const key = `${row.channel}\u0000${row.locale}`;
    const group = groups.get(key) ?? { channel: row.channel, locale: row.locale, rows: [] };
    group.rows.push({ ...row, over: row.length > row.limit, count: row.parts.length });
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => a.channel.localeCompare(b.channel) || a.locale.localeCompare(b.locale));
}

export function registerEmergencyRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;

  app.get('/console/emergencies', async (request, reply) => {
    const all = await services.emergencies.list();
    return sendPage(deps, request, reply, 'emergencies', 'Emergencies', {
      open: all.filter((e) => isOpen(e.status)).map((e) => ({ ...e, paramsText: formatParams(e.params), proposed: e.status === 'proposed', active: e.status === 'active' })),
      closed: all.filter((e) => !isOpen(e.status)).sort((a, b) => b.updatedAt - a.updatedAt).slice(0, 10),
      types: services.emergencyTypes(),
    });
  });

  // Step 1 of declaring: show exactly what would be posted, per channel and locale, before anything is saved.
  app.post('/console/emergencies/preview', async (request, reply) => {
    // Changes nothing, but only those who may declare see the form it belongs to.
    if (!atLeast(requireStaff(request).role, C.emergencyDeclare.role)) throw new AppError('FORBIDDEN', 'your role may not declare emergencies');
    const form = declareForm.parse(request.body);
    if (!services.emergencyTypes().includes(form.type)) throw new AppError('INVALID_INPUT', `unknown emergency type "${form.type}"`);
    const params = parseParams(form.params);
    const rows = services.previewCampaign(form.type, { params });
    return sendPage(deps, request, reply, 'emergencies-preview', `Preview: ${form.type}`, {
      form: { ...form, title: form.title ?? '' },
      groups: groupPreview(rows),
      empty: rows.length === 0,
      paramsList: Object.entries(params).map(([key, value]) => ({ key, value })),
    });
  });

  // Step 2: the confirm button on the preview page.
  app.post('/console/emergencies/declare', async (request, reply) => {
    const form = declareForm.parse(request.body);
    if (form.confirmed !== 'yes' && atLeast(requireStaff(request).role, C.emergencyDeclare.role)) throw new AppError('INVALID_INPUT', 'declare from the preview page, after checking the posts');
    const emergency = await runAs(deps, request, C.emergencyDeclare, {
      type: form.type,
      params: parseParams(form.params),
      requiresApproval: form.requiresApproval,
      drill: form.drill,
      ...(form.title === undefined ? {} : { title: form.title }),
    });
    return reply.redirect(`/console/emergencies?done=${emergency.status === 'proposed' ? 'proposed' : 'declared'}`, 303);
  });

  app.post<{ Params: { id: string } }>('/console/emergencies/:id/approve', async (request, reply) => {
    await runAs(deps, request, C.emergencyApprove, { id: request.params.id });
    return reply.redirect('/console/emergencies?done=approved', 303);
  });
  app.post<{ Params: { id: string } }>('/console/emergencies/:id/reject', async (request, reply) => {
    await runAs(deps, request, C.emergencyReject, { id: request.params.id, ...reasonForm.parse(request.body) });
    return reply.redirect('/console/emergencies?done=rejected', 303);
  });
  app.post<{ Params: { id: string } }>('/console/emergencies/:id/lift', async (request, reply) => {
    await runAs(deps, request, C.emergencyLift, { id: request.params.id, ...reasonForm.parse(request.body) });
    return reply.redirect('/console/emergencies?done=lifted', 303);
  });
  app.post<{ Params: { id: string } }>('/console/emergencies/:id/update', async (request, reply) => {
    const form = updateForm.parse(request.body);
    await runAs(deps, request, C.emergencyUpdate, { id: request.params.id, params: parseParams(form.params) });
    return reply.redirect('/console/emergencies?done=updated', 303);
  });
}
