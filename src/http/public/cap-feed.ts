import type { ReplyEmergency } from '../../replies/decider.js';
import type { PublicStatements } from '../../statements/public-statements.js';
import type { PublicEmergency, StatusView } from './status-view.js';
import { xml } from './xml.js';

const CAP_NS = 'urn:oasis:names:tc:emergency:cap:1.2';
const SEVERITY: Readonly<Record<string, string>> = { hurricane: 'Extreme', snow: 'Severe', flood: 'Severe', heat: 'Severe', cold: 'Severe' };

export interface CapInput {
  view: StatusView;
  baseUrl: string;
  locales: readonly string[];
  /** The public statements (statements/*.yaml): the first is the description, the others the instruction. */
  statements: PublicStatements;
}

/** CAP wants an explicit offset and no fractional seconds: 2026-01-25T06:00:00-00:00. */
function capTime(isoTime: string): string {
  return isoTime.replace(/\.\d{3}Z$/, '-00:00').replace(/Z$/, '-00:00');
}

function sender(baseUrl: string): string {
  return `civicast@${new URL(baseUrl).hostname}`;
}

function identifier(e: PublicEmergency, cancelled: boolean, revision = e.revision): string {
  return `civicast-${e.id}-${cancelled ? 'cancel' : `r${revision}`}`;
}

/** One CAP 1.2 alert for an emergency: an info block per locale, a Cancel once it has ended. */
export function renderCapAlert(e: PublicEmergency, input: CapInput): string {
  const cancelled = e.status !== 'active';
  const msgType = cancelled ? 'Cancel' : e.revision > 0 ? 'Update' : 'Alert';
  const sent = capTime(cancelled ? (e.endedAt ?? e.updatedAt) : e.updatedAt);
  const state: ReplyEmergency = { type: e.type, params: e.params, effectiveAt: Date.parse(e.effectiveAt), title: e.title, ...(e.expiresAt === undefined ? {} : { expiresAt: Date.parse(e.expiresAt) }) };
  const infos = input.locales.map((locale) => {
    const [first, ...rest] = input.statements.render(e.type, cancelled ? 'ended' : 'active', locale, state);
    const description = first?.text ?? e.title;
    const instruction = rest.map((s) => s.text).filter((t) => t.length > 0).join('\n');
    return [
      '  <info>',
      `    <language>${xml(locale)}</language>`,
      '    <category>Met</category>',
      `    <event>${xml(e.title)}</event>`,
      `    <responseType>${cancelled ? 'AllClear' : 'Prepare'}</responseType>`,
      `    <urgency>${cancelled ? 'Past' : 'Immediate'}</urgency>`,
      `    <severity>${cancelled ? 'Minor' : (SEVERITY[e.type] ?? 'Moderate')}</severity>`,
      '    <certainty>Observed</certainty>',
      `    <effective>${capTime(e.effectiveAt)}</effective>`,
      ...(e.expiresAt === undefined || cancelled ? [] : [`    <expires>${capTime(e.expiresAt)}</expires>`]),
      `    <senderName>${xml(input.view.city.name)}</senderName>`,
      `    <headline>${xml(cancelled ? `${e.title}: ended` : e.title)}</headline>`,
      `    <description>${xml(description)}</description>`,
      ...(instruction.length === 0 ? [] : [`    <instruction>${xml(instruction)}</instruction>`]),
      `    <web>${xml(`${input.baseUrl}/status`)}</web>`,
      `    <area><areaDesc>${xml(input.view.city.name)}</areaDesc></area>`,
      '  </info>',
    ].join('\n');
  });
  return [
    `<alert xmlns="${CAP_NS}">`,
    `  <identifier>${xml(identifier(e, cancelled))}</identifier>`,
    `  <sender>${xml(sender(input.baseUrl))}</sender>`,
    `  <sent>${sent}</sent>`,
    '  <status>Actual</status>',
    `  <msgType>${msgType}</msgType>`,
    '  <scope>Public</scope>',
    ...(msgType === 'Alert' ? [] : [`  <references>${xml(`${sender(input.baseUrl)},${identifier(e, false, 0)},${capTime(e.effectiveAt)}`)}</references>`]),
    ...infos,
    '</alert>',
  ].join('\n');
}

/** The active (and recently ended) emergencies as an Atom feed with one CAP document per entry. */
export function renderCapAtom(input: CapInput): string {
  const all = [...input.view.emergencies, ...input.view.ended];
  const updated = all.map((e) => e.updatedAt).sort().at(-1) ?? input.view.generatedAt;
  const entries = all.map((e) =>
    [
      '  <entry>',
      `    <id>${xml(`${input.baseUrl}/cap/${e.id}.xml`)}</id>`,
      `    <title>${xml(e.status === 'active' ? e.title : `${e.title}: ended`)}</title>`,
      `    <updated>${e.status === 'active' ? e.updatedAt : (e.endedAt ?? e.updatedAt)}</updated>`,
      `    <link rel="alternate" type="application/cap+xml" href="${xml(`${input.baseUrl}/cap/${e.id}.xml`)}"/>`,
      '    <content type="application/cap+xml">',
      renderCapAlert(e, input).replace(/^/gm, '      '),
      '    </content>',
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(`${input.baseUrl}/cap.atom`)}</id>`,
    `  <title>${xml(`${input.view.city.name}: emergencies in effect (CAP 1.2)`)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${xml(input.view.city.name)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(`${input.baseUrl}/cap.atom`)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
