import type { EmergencyFacts } from '../../campaigns/plan-campaign.js';
import type { PublicLanguages } from '../../languages/public-languages.js';
import type { PublicEmergency, StatusView } from './status-view.js';
import { xml } from './xml.js';

const CAP_NS = 'urn:oasis:names:tc:emergency:cap:1.2';
const SEVERITY: Readonly<Record<string, string>> = { hurricane: 'Extreme', snow: 'Severe', flood: 'Severe', heat: 'Severe', cold: 'Severe' };
/** A post's leading emoji ("❄️ ") has no place in an alert's text. */
const LEADING_SYMBOLS = /^[\p{Extended_Pictographic}\p{Emoji_Presentation}\uFE0F\u200D\s]+/u;

export interface CapInput {
  view: StatusView;
  baseUrl: string;
  languages: PublicLanguages;
  /** The feed's own language (its title); the alerts always carry every language. */
  language?: string;
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

/**
 * One `<info>` per language the emergency's playbook posts in, each wholly in that language: the
 * playbook's title as event and headline, the first post of the campaign (or of the all-clear) as
 * description, the other first posts as instruction. A language whose texts may not go out now
 * (unreviewed, with the city allowing only reviewed ones) has no block; none is in another language.
 */
function infoBlocks(e: PublicEmergency, input: CapInput, cancelled: boolean): string[] {
  const { languages } = input;
  const now = Date.parse(input.view.generatedAt);
  const facts: EmergencyFacts = { type: e.type, title: e.title, effectiveAt: Date.parse(e.effectiveAt), params: e.params, revision: e.revision, ...(e.expiresAt === undefined ? {} : { expiresAt: Date.parse(e.expiresAt) }) };
  const steps = languages.steps(e.type);
  const [first, ...rest] = cancelled ? steps.lift : steps.declare;
  return languages.playbookLanguages(e.type).flatMap((language) => {
    const say = (topic: string) => languages.topicText(facts, topic, language, now)?.replace(LEADING_SYMBOLS, '');
    const description = first === undefined ? undefined : say(first);
    if (description === undefined) return [];
    const instruction = cancelled ? [] : rest.flatMap((topic) => say(topic) ?? []);
    const title = languages.emergencyTitle(e.type, language, e.title);
    const place = languages.cityName(language);
    return [
      [
        '  <info>',
        `    <language>${xml(languages.pack(language).tag)}</language>`,
        '    <category>Met</category>',
        `    <event>${xml(title)}</event>`,
        `    <responseType>${cancelled ? 'AllClear' : 'Prepare'}</responseType>`,
        `    <urgency>${cancelled ? 'Past' : 'Immediate'}</urgency>`,
        `    <severity>${cancelled ? 'Minor' : (SEVERITY[e.type] ?? 'Moderate')}</severity>`,
        '    <certainty>Observed</certainty>',
        `    <effective>${capTime(e.effectiveAt)}</effective>`,
        ...(e.expiresAt === undefined || cancelled ? [] : [`    <expires>${capTime(e.expiresAt)}</expires>`]),
        `    <senderName>${xml(place)}</senderName>`,
        `    <headline>${xml(cancelled ? languages.label(language, 'feeds.ended', { title }) : title)}</headline>`,
        `    <description>${xml(description)}</description>`,
        ...(instruction.length === 0 ? [] : [`    <instruction>${xml(instruction.join('\n'))}</instruction>`]),
        `    <web>${xml(`${input.baseUrl}/status?lang=${language}`)}</web>`,
        `    <area><areaDesc>${xml(place)}</areaDesc></area>`,
        '  </info>',
      ].join('\n'),
    ];
  });
}

/** One CAP 1.2 alert for an emergency: an info block per language, a Cancel once it has ended. */
export function renderCapAlert(e: PublicEmergency, input: CapInput): string {
  const cancelled = e.status !== 'active';
  const msgType = cancelled ? 'Cancel' : e.revision > 0 ? 'Update' : 'Alert';
  const sent = capTime(cancelled ? (e.endedAt ?? e.updatedAt) : e.updatedAt);
  return [
    `<alert xmlns="${CAP_NS}">`,
    `  <identifier>${xml(identifier(e, cancelled))}</identifier>`,
    `  <sender>${xml(sender(input.baseUrl))}</sender>`,
    `  <sent>${sent}</sent>`,
    '  <status>Actual</status>',
    `  <msgType>${msgType}</msgType>`,
    '  <scope>Public</scope>',
    ...(msgType === 'Alert' ? [] : [`  <references>${xml(`${sender(input.baseUrl)},${identifier(e, false, 0)},${capTime(e.effectiveAt)}`)}</references>`]),
    ...infoBlocks(e, input, cancelled),
    '</alert>',
  ].join('\n');
}

/** The active (and recently ended) emergencies as an Atom feed with one CAP document per entry. */
export function renderCapAtom(input: CapInput): string {
  const { languages } = input;
  const language = input.language ?? languages.source;
  const all = [...input.view.emergencies, ...input.view.ended];
  const updated = all.map((e) => e.updatedAt).sort().at(-1) ?? input.view.generatedAt;
  const entries = all.map((e) => {
    const title = languages.emergencyTitle(e.type, language, e.title);
    return [
      '  <entry>',
      `    <id>${xml(`${input.baseUrl}/cap/${e.id}.xml`)}</id>`,
      `    <title>${xml(e.status === 'active' ? title : languages.label(language, 'feeds.ended', { title }))}</title>`,
      `    <updated>${e.status === 'active' ? e.updatedAt : (e.endedAt ?? e.updatedAt)}</updated>`,
      `    <link rel="alternate" type="application/cap+xml" href="${xml(`${input.baseUrl}/cap/${e.id}.xml`)}"/>`,
      '    <content type="application/cap+xml">',
      renderCapAlert(e, input).replace(/^/gm, '      '),
      '    </content>',
      '  </entry>',
    ].join('\n');
  });
  const self = `${input.baseUrl}/cap.atom${input.language === undefined ? '' : `?lang=${input.language}`}`;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(languages.pack(language).tag)}">`,
    `  <id>${xml(self)}</id>`,
    `  <title>${xml(languages.label(language, 'feeds.alertsTitle'))}</title>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${xml(languages.cityName(language))}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(self)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
