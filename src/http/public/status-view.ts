import type { Emergency } from '../../domain/emergency.js';
import type { Post } from '../../domain/post.js';
import type { ReplyEmergency } from '../../replies/decider.js';
import type { Services } from '../../services.js';
import { isWebLink } from './web-link.js';

/** What the public status page, its JSON and the CAP feed say: one view, built once per request. */
export interface StatusView {
  generatedAt: string;
  city: { name: string; timeZone: string };
  /** Active emergencies (drills never show on public pages). */
  emergencies: PublicEmergency[];
  /** Emergencies lifted or expired in the last day: feeds announce the end too. */
  ended: PublicEmergency[];
  /** What it means now, per locale that has its own statements (statements/*.yaml: not FAQ replies). */
  meaning: { locale: string; items: { topic: string; text: string }[] }[];
  posts: PublicPost[];
  /** Set when the store could not be read: this is the last good view, built at `since`. */
  stale?: { since: string };
}

export interface PublicEmergency {
  id: string;
  type: string;
  title: string;
  status: string;
  revision: number;
  effectiveAt: string;
  expiresAt?: string;
  updatedAt: string;
  endedAt?: string;
  params: Record<string, string | number | boolean>;
}

export interface PublicPost {
  id: string;
  text: string;
  /** `mul` for a multilingual thread: then `parts` and `partLocales` say which part is in which language. */
  locale?: string;
  parts?: string[];
  partLocales?: string[];
  at: string;
  channels: string[];
  links: string[];
}

const ENDED_WINDOW_MS = 86_400_000;
const MAX_POSTS = 30;

const iso = (ms: number) => new Date(ms).toISOString();

function toPublic(e: Emergency): PublicEmergency {
  const ended = e.history.findLast((h) => h.to === 'lifted' || h.to === 'expired');
  return {
    id: e.id,
    type: e.type,
    title: e.title,
    status: e.status,
    revision: e.revision,
    effectiveAt: iso(e.effectiveAt),
    ...(e.expiresAt === undefined ? {} : { expiresAt: iso(e.expiresAt) }),
    updatedAt: iso(e.updatedAt),
    ...(ended === undefined ? {} : { endedAt: iso(ended.at) }),
    params: e.params,
  };
}

/**
 * Official posts: sent, not replies to citizens, one entry per message however many channels
 * carried it; the newest MAX_POSTS of each language (a multilingual thread counts for each).
 */
function officialPosts(sent: Post[]): PublicPost[] {
  const byText = new Map<string, PublicPost>();
  const perLanguage = new Map<string, number>();
  for (const post of [...sent].sort((a, b) => b.updatedAt - a.updatedAt)) {
    if (post.source.startsWith('reply:')) continue;
    const text = post.parts.join('\n\n');
    const key = `${post.locale ?? ''}\u0000${text}`;
    // Only http(s) links reach a public page: a platform could hand back `javascript:` as a URL.
    const links = post.sentParts.flatMap((p) => (p.url === undefined || !isWebLink(p.url) ? [] : [p.url]));
    const seen = byText.get(key);
    if (seen !== undefined) {
      seen.channels.push(post.channel);
      seen.links.push(...links);
      continue;
    }
    const languages = [...new Set(post.partLocales ?? [post.locale ?? ''])];
    if (languages.every((l) => (perLanguage.get(l) ?? 0) >= MAX_POSTS)) continue;
    for (const l of languages) perLanguage.set(l, (perLanguage.get(l) ?? 0) + 1);
    const multilingual = post.partLocales === undefined ? {} : { parts: post.parts, partLocales: post.partLocales };
    byText.set(key, { id: post.id, text, ...(post.locale === undefined ? {} : { locale: post.locale }), ...multilingual, at: iso(post.updatedAt), channels: [post.channel], links });
  }
  return [...byText.values()];
}

/** Builds the view; `emergencies` may be passed when the caller has just read them. */
export async function buildStatusView(services: Services, emergencies?: Emergency[]): Promise<StatusView> {
  const now = services.clock.now();
  const all = (emergencies ?? (await services.emergencies.list())).filter((e) => !e.drill);
  const active = all.filter((e) => e.status === 'active').sort((a, b) => b.effectiveAt - a.effectiveAt);
  const ended = all.filter((e) => (e.status === 'lifted' || e.status === 'expired') && now - e.updatedAt < ENDED_WINDOW_MS);
  const current = active[0];
  const asReply: ReplyEmergency | null = current === undefined ? null : { type: current.type, params: current.params, effectiveAt: current.effectiveAt, title: current.title, ...(current.expiresAt === undefined ? {} : { expiresAt: current.expiresAt }) };
  const { defaultLocale } = services.config.city;
  const meaning: StatusView['meaning'] = [];
  // The public statements for what is in effect (the newest emergency), or for normal times.
  const say = (locale: string) => services.statements.render(current?.type ?? null, current === undefined ? 'normal' : 'active', locale, asReply);
  const fallback = say(defaultLocale).map((s) => s.text);
  for (const locale of services.languages.pageLanguages()) {
    const items = say(locale);
    // A locale whose statements fall back to the default language adds nothing but noise.
    if (locale !== defaultLocale && items.length === fallback.length && items.every((item, i) => item.text === fallback[i])) continue;
    meaning.push({ locale, items: items.filter((i) => i.text.length > 0) });
  }
  // Newest first from the broadcast index: thousands of replies to citizens cannot crowd them out.
  const sent = await services.store.listPosts({ status: 'sent', broadcastsOnly: true, order: 'recent', limit: 1000 });
  return {
    generatedAt: iso(now),
    city: { name: services.config.city.name, timeZone: services.config.city.timeZone },
    emergencies: active.map(toPublic),
    ended: ended.map(toPublic),
    meaning,
    posts: officialPosts(sent),
  };
}
