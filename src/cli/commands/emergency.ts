import type { Command } from 'commander';
import type { Env } from '../../config/env.js';
import { AppError } from '../../domain/errors.js';
import type { Emergency } from '../../domain/emergency.js';
import { withAdmin, type AdminCall } from '../admin-call.js';
import { printJson, table } from '../format.js';

/** `--param trashDelayDays=1` → { trashDelayDays: 1 }; numbers and booleans are typed. */
export function parseParams(values: string[]): Record<string, string | number | boolean> {
  const params: Record<string, string | number | boolean> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new AppError('INVALID_INPUT', `--param expects key=value, got "${value}"`);
    const key = value.slice(0, eq).trim();
    const raw = value.slice(eq + 1).trim();
    params[key] = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return params;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** An id, or a type naming the only open emergency of that type. */
async function resolveRef(call: AdminCall, ref: string): Promise<string> {
  const all = await call<Emergency[]>('GET', '/api/emergencies');
  if (all.some((e) => e.id === ref)) return ref;
  const open = all.filter((e) => e.type === ref && (e.status === 'active' || e.status === 'proposed'));
  if (open.length === 1) return (open[0] as Emergency).id;
  throw new AppError('NOT_FOUND', open.length === 0 ? `no open emergency "${ref}"` : `several open ${ref} emergencies; give an id`);
}

const summary = (e: Emergency) => `${e.id}: ${e.title} — ${e.status}${e.drill ? ' (drill)' : ''}, params ${JSON.stringify(e.params)}\n`;

export function registerEmergency(program: Command, env: () => Env): void {
  const emergency = program.command('emergency').description('declare, update, approve, reject, lift and list emergencies');
  emergency
    .command('declare <type>')
    .description('declare an emergency (snow, hurricane, flood, heat, cold, ...) and start its campaign')
    .option('-p, --param <key=value>', 'playbook parameter, e.g. trashDelayDays=1 (repeatable)', collect, [])
    .option('--title <text>', 'title shown in posts')
    .option('--expires <iso>', 'when it ends by itself')
    .option('--propose', 'create it as a proposal that a manager must approve')
    .option('--drill', 'a drill: posts only to drill channels')
    .action(async (type: string, opts: { param: string[]; title?: string; expires?: string; propose?: boolean; drill?: boolean }) => {
      const e = await withAdmin(env(), (call) =>
        call<Emergency>('POST', '/api/emergencies', {
          type,
          params: parseParams(opts.param),
          requiresApproval: opts.propose === true,
          drill: opts.drill === true,
          ...(opts.title === undefined ? {} : { title: opts.title }),
          ...(opts.expires === undefined ? {} : { expiresAt: opts.expires }),
        }),
      );
      process.stdout.write(summary(e));
    });
  emergency
    .command('update <idOrType>')
    .description('change parameters of an open emergency; posts the playbook’s update')
    .option('-p, --param <key=value>', 'parameter to set (repeatable)', collect, [])
    .action(async (ref: string, opts: { param: string[] }) => {
      const e = await withAdmin(env(), async (call) => call<Emergency>('POST', `/api/emergencies/${encodeURIComponent(await resolveRef(call, ref))}/update`, { params: parseParams(opts.param) }));
      process.stdout.write(summary(e));
    });
  for (const action of ['approve', 'reject', 'lift'] as const) {
    emergency
      .command(`${action} <idOrType>`)
      .description(action === 'lift' ? 'end an emergency: cancels pending posts and posts the all-clear' : `${action} a proposed emergency`)
      .option('-r, --reason <text>', 'why, for the audit log')
      .action(async (ref: string, opts: { reason?: string }) => {
        const e = await withAdmin(env(), async (call) => call<Emergency>('POST', `/api/emergencies/${encodeURIComponent(await resolveRef(call, ref))}/${action}`, opts.reason === undefined ? {} : { reason: opts.reason }));
        process.stdout.write(summary(e));
      });
  }
  emergency
    .command('list')
    .description('list emergencies, newest first')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const all = await withAdmin(env(), (call) => call<Emergency[]>('GET', '/api/emergencies'));
      if (opts.json === true) return printJson(all);
      process.stdout.write(table(all.map((e) => ({ ...e, params: JSON.stringify(e.params) })), ['id', 'type', 'status', 'effectiveAt', 'params', 'source']) + '\n');
    });
}
