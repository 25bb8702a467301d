import type { Signal, SignalAction } from '../domain/signal.js';
import { neutralize } from '../domain/neutralize.js';
import type { FeedRule, FeedSource } from './feed-config.js';
import type { FeedItem } from './feed-item.js';
import { ENDING_ACTIONS, parseVtec } from './vtec.js';

export type Classification =
  | { signal: Signal }
  | { skip: 'no-rule' | 'outside-area' | 'not-actual' | 'drill-ignored' | 'expired' };

function matchesArea(item: FeedItem, source: FeedSource): boolean {
  const { codes, areaContains } = source.area;
  if (codes.length === 0 && areaContains.length === 0) return true;
  const cap = item.cap;
  if (cap === undefined) return true; // city announcements have no area codes: the source is the area
  const itemCodes = [...cap.geocode.UGC, ...cap.geocode.FIPS6, ...cap.geocode.SAME];
  if (codes.some((c) => itemCodes.includes(c))) return true;
  const desc = (cap.areaDesc ?? '').toLowerCase();
  return areaContains.some((a) => desc.includes(a.toLowerCase()));
}

function findRule(item: FeedItem, rules: FeedRule[]): FeedRule | undefined {
  const event = item.cap?.event.toLowerCase();
  const haystack = `${item.title}\n${item.summary}`;
  return rules.find((rule) => {
    if (event !== undefined && rule.events.some((e) => e.toLowerCase() === event)) return true;
    return rule.pattern !== undefined && new RegExp(rule.pattern, 'i').test(haystack);
  });
}

/** Decides declare / update / end from the rule, then the VTEC action, then CAP msgType. */
function actionOf(item: FeedItem, rule: FeedRule): SignalAction {
  if (rule.action !== undefined) return rule.action;
  const cap = item.cap;
  if (cap === undefined) return 'declare';
  const actions = cap.vtec.map(parseVtec).flatMap((v) => (v === undefined ? [] : [v.action]));
  // Older Atom feeds say msgType "Alert" even on cancellations: the VTEC action is the truth.
  if (actions.length > 0 && actions.every((a) => ENDING_ACTIONS.has(a))) return 'end';
  if (cap.msgType === 'Cancel') return 'end';
  if (actions.includes('NEW')) return 'declare';
  if (actions.length > 0 || cap.msgType === 'Update' || cap.references.length > 0) return 'update';
  return 'declare';
}

/** Keys tying an item to the event it belongs to, across updates and cancellations. */
export function eventKeysOf(item: FeedItem): string[] {
  const keys = new Set<string>();
  for (const raw of item.cap?.vtec ?? []) {
    const vtec = parseVtec(raw);
    if (vtec !== undefined) keys.add(vtec.eventKey);
  }
  if (item.cap?.identifier !== undefined) keys.add(`cap:${item.cap.identifier}`);
  for (const ref of item.cap?.references ?? []) keys.add(`cap:${ref}`);
  return [...keys];
}

/** Turns a feed item into a signal, or says why not. Pure. */
export function classifyItem(item: FeedItem, source: FeedSource, rules: FeedRule[], defaults: { requiresApproval: boolean; now: number }): Classification {
  const cap = item.cap;
  let drill = false;
  if (cap !== undefined && cap.status !== 'Actual') {
    if (cap.status !== 'Exercise' && cap.status !== 'Test') return { skip: 'not-actual' };
    if (source.drills === 'ignore') return { skip: 'drill-ignored' };
    drill = true;
  }
  if (!matchesArea(item, source)) return { skip: 'outside-area' };
  const rule = findRule(item, rules);
  if (rule === undefined) return { skip: 'no-rule' };
  const action = actionOf(item, rule);
  const expiresAt = cap?.expires === undefined || cap.expires === '' ? undefined : Date.parse(cap.expires);
  if (action !== 'end' && expiresAt !== undefined && Number.isFinite(expiresAt) && expiresAt < defaults.now) return { skip: 'expired' };
  const effective = cap?.effective === undefined || cap.effective === '' ? NaN : Date.parse(cap.effective);
  return {
    signal: {
      id: `${source.id}:${item.id}`,
      feedId: source.id,
      action,
      type: rule.type,
      // CAP events name the hazard ("Winter Storm Warning"); city items use the playbook's title.
      title: cap === undefined ? '' : neutralize(cap.event, 200),
      // A city announcement takes effect when we read it; a CAP alert says when.
      effectiveAt: Number.isFinite(effective) ? effective : defaults.now,
      ...(expiresAt !== undefined && Number.isFinite(expiresAt) ? { expiresAt } : {}),
      eventKeys: eventKeysOf(item),
      params: { ...rule.params },
      requiresApproval: rule.requiresApproval ?? defaults.requiresApproval,
      drill,
      summary: neutralize(item.summary || item.title, 300),
      publishedAt: Number.isFinite(item.publishedAt) ? item.publishedAt : defaults.now,
    },
  };
}
