import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.js';
import type { Actor } from '../../staff/actor.js';
import type { StaffCommand } from '../../staff/command.js';
import { permissionsOf } from './roles.js';
import type { Views } from './views.js';

/** What every console route needs; built once per app. */
export interface ConsoleDeps {
  services: Services;
  views: Views;
  secureCookies: boolean;
}

/** The signed-in person behind a request. */
export interface Staff {
  actor: Actor;
  name: string;
  role: Actor['role'];
  csrf: string;
  sessionId: string;
}

const staffByRequest = new WeakMap<FastifyRequest, Staff>();

export function setStaff(request: FastifyRequest, staff: Staff): void {
  staffByRequest.set(request, staff);
}

export function staffOf(request: FastifyRequest): Staff | undefined {
  return staffByRequest.get(request);
}

/** Runs a staff command as the signed-in user (the layer checks role, policy and audits). */
export function runAs<Cmd extends StaffCommand>(deps: ConsoleDeps, request: FastifyRequest, command: Cmd, input: unknown) {
  const staff = staffOf(request);
  if (staff === undefined) throw new Error('runAs outside a signed-in console request');
  return deps.services.staff.run(command, staff.actor, input);
}

/** Fixed notices for `?done=` after a redirect; free text in a URL would let a link put words in our mouth. */
const NOTICES: Record<string, string> = {
  declared: 'Emergency declared.',
  proposed: 'Emergency proposed; it needs approval before posts go out.',
  approved: 'Approved.',
  rejected: 'Proposal rejected.',
  updated: 'Emergency updated.',
  lifted: 'Emergency lifted; its pending posts were cancelled.',
  queued: 'Posts queued.',
  awaiting: 'Posts created; another person must approve them before they go out.',
  cancelled: 'Post cancelled.',
  retried: 'Post queued again.',
  scheduled: 'Repeating post scheduled.',
  'schedule-awaiting': 'Repeating post created; another person must approve it before it starts.',
  'schedule-cancelled': 'The post no longer repeats.',
  answered: 'Reply queued: it will be posted in the resident’s thread.',
  'answer-awaiting': 'Reply created; another person must approve it in the outbox before it goes out.',
  'already-answered': 'Already answered: nothing was posted again.',
  resolved: 'Item resolved.',
  paused: 'Posting is paused on every channel.',
  resumed: 'Posting resumed.',
  'user-added': 'User added.',
  'user-changed': 'User changed.',
  'password-changed': 'Password changed; your other sessions were ended.',
  'token-created': 'Token created.',
  'token-revoked': 'Token revoked.',
  'translation-approved': 'Translation approved: the review is recorded (audited) and applies on every instance.',
  'translation-edited': 'Correction saved and approved: it is used from now on, on every instance.',
  'theme-answered': 'Replies queued: each resident gets one in their own thread.',
  'theme-answer-awaiting': 'Replies created; another person must approve them in the outbox before they go out.',
  'phrasing-added': 'Phrasing added: the same question is answered from now on. It is listed below for review.',
  'phrasing-removed': 'Phrasing removed.',
  'topic-drafted': 'Draft saved for review; it answers nothing until it is added to the FAQ.',
  'topic-disabled': 'Topic switched off: its questions now come to the inbox.',
  'topic-enabled': 'Topic switched on again.',
};

const NAV = [
  { href: '/console', label: 'Dashboard', key: 'dashboard' },
  { href: '/console/emergencies', label: 'Emergencies', key: 'emergencies' },
  { href: '/console/compose', label: 'Compose', key: 'compose' },
  { href: '/console/schedule', label: 'Schedule', key: 'schedule' },
  { href: '/console/outbox', label: 'Outbox', key: 'outbox' },
  { href: '/console/inbox', label: 'Inbox', key: 'inbox' },
  { href: '/console/faq', label: 'FAQ', key: 'faq' },
  { href: '/console/translations', label: 'Translations', key: 'translations' },
  { href: '/console/themes', label: 'Themes', key: 'themes' },
  { href: '/console/audit', label: 'Audit', key: 'audit' },
  { href: '/console/users', label: 'Users', key: 'users' },
  { href: '/console/account', label: 'Account', key: 'account' },
];

/** Pages only some roles may open are left out of their navigation. */
const NAV_PERMISSION: Partial<Record<string, 'compose' | 'audit' | 'users' | 'review'>> = { compose: 'compose', audit: 'audit', users: 'users', translations: 'review' };

function mayOpen(role: Actor['role'], key: string): boolean {
  const needs = NAV_PERMISSION[key];
  return needs === undefined || permissionsOf(role)[needs];
}

/** Renders a page inside the layout with the banner, navigation and the user's permissions. */
export async function sendPage(deps: ConsoleDeps, request: FastifyRequest, reply: FastifyReply, page: string, title: string, data: Record<string, unknown> = {}, status = 200): Promise<FastifyReply> {
  const staff = staffOf(request);
  const now = deps.services.clock.now();
  const pause = staff === undefined ? undefined : await deps.services.pause.get(now);
  // Open danger items on every page: on the worst night staff must not have to open the inbox to know.
  const danger = staff === undefined ? undefined : await deps.services.inbox.openDanger();
  const done = (request.query as Record<string, unknown> | undefined)?.['done'];
  const section = page.split('-')[0];
  const html = deps.views.render(page, {
    ...data,
    title,
    path: request.url.split('?')[0],
    city: deps.services.config.city.name,
    staff: staff === undefined ? null : { name: staff.name, role: staff.role },
    can: staff === undefined ? {} : permissionsOf(staff.role),
    csrf: staff?.csrf ?? '',
    paused: pause?.paused === true ? pause : null,
    danger: danger === undefined || danger.urgent + danger.possible === 0 ? null : { ...danger, total: danger.urgent + danger.possible },
    nav: staff === undefined ? [] : NAV.filter((n) => mayOpen(staff.role, n.key)).map((n) => ({ ...n, current: n.key === section })),
    notice: typeof done === 'string' ? (NOTICES[done] ?? null) : null,
  });
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

export function sendError(deps: ConsoleDeps, request: FastifyRequest, reply: FastifyReply, status: number, message: string, problems: string[] = []): Promise<FastifyReply> {
  const heading = status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : status === 409 ? 'Could not do that' : status === 429 ? 'Too many attempts' : status >= 500 ? 'Something went wrong' : 'Please check the form';
  return sendPage(deps, request, reply, 'error', heading, { heading, message, problems, status }, status);
}
