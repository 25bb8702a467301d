import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.js';
import { renderPostsAtom } from './atom-feed.js';
import { renderCapAlert, renderCapAtom, type CapInput } from './cap-feed.js';
import { linkBaseResolver } from './link-base.js';
import { StatusPage } from './status-page.js';
import { StatusViewCache } from './status-view-cache.js';

const withLanguage = (language: string | undefined) => (language === undefined ? {} : { language });

/** Short caching: the page must change within a minute of a declaration, yet survive a traffic spike. */
const CACHE = 'public, max-age=30';

/** Public pages (no sign-in): `/status`, `/status.json`, `/feed.atom`, `/cap.atom`, `/cap/:id.xml`. */
export function registerPublicRoutes(app: FastifyInstance, services: Services, options: { webDir: string }): void {
  const page = new StatusPage(path.join(options.webDir, 'public', 'status.hbs'));
  const views = new StatusViewCache(services, services.config.http.statusCacheSeconds * 1000);
  const { languages } = services;
  /** The page's language: `?lang=`, else the first Accept-Language the city serves, else the source language. */
  const pageLanguage = (request: FastifyRequest): string => {
    const offered = languages.pageLanguages();
    const query = (request.query as { lang?: unknown }).lang;
    if (typeof query === 'string' && offered.includes(query)) return query;
    const accepted = request.headers['accept-language']?.split(',').map((l) => l.trim().split(/[-;_]/)[0]?.toLowerCase() ?? '').find((l) => offered.includes(l));
    return accepted ?? (offered.includes(languages.source) ? languages.source : (offered[0] ?? languages.source));
  };
  /** A feed's language: only when asked for (`?lang=`); without it, every language in one feed. */
  const feedLanguage = (request: FastifyRequest): string | undefined => {
    const query = (request.query as { lang?: unknown }).lang;
    return typeof query === 'string' && languages.pageLanguages().includes(query) ? query : undefined;
  };
  const { publicBaseUrl, allowedHosts } = services.config.http;
  const linkBase = linkBaseResolver({ publicBaseUrl, allowedHosts });
  // Without a fixed base URL the links follow the (allowed) Host, so shared caches must key on it.
  const cacheHeaders = (reply: FastifyReply) => (publicBaseUrl === undefined ? reply.header('cache-control', CACHE).header('vary', 'host') : reply.header('cache-control', CACHE));
  /** The base of absolute links, or a 421 naming the setting when the Host cannot be trusted. */
  const baseUrl = (request: FastifyRequest, reply: FastifyReply): string | undefined => {
    const base = linkBase(request);
    if (base === undefined) {
      void reply.code(421).send({ error: 'MISDIRECTED', message: 'this host name is not one this service publishes links for; the operator sets http.publicBaseUrl (or http.allowedHosts)' });
    }
    return base;
  };
  // One CAP info block per served language (the playbook's), each in its own words.
  const capInput = async (base: string, request: FastifyRequest): Promise<CapInput> => ({ view: await views.get(), baseUrl: base, languages, ...withLanguage(feedLanguage(request)) });
  // Ten languages of every campaign post are rendered into the pages and feeds: once per view (at most every
  // statusCacheSeconds, or on an emergency change), not once per request of a storm of readers.
  const rendered = new WeakMap<object, Map<string, string>>();
  const once = (view: object, key: string, render: () => string): string => {
    let byKey = rendered.get(view);
    if (byKey === undefined) rendered.set(view, (byKey = new Map()));
    let text = byKey.get(key);
    if (text === undefined) byKey.set(key, (text = render()));
    return text;
  };

  app.get('/status', async (request, reply) => {
    const lang = pageLanguage(request);
    const view = await views.get();
    // The page is the same for every reader of a language until the view changes: rendering it per
    // request let a storm of readers churn hundreds of megabytes of garbage.
    const html = once(view, `page\u0000${lang}`, () => page.render(view, { languages, lang }));
    return reply.header('cache-control', CACHE).header('vary', 'accept-language').header('content-language', languages.pack(lang).tag).type('text/html; charset=utf-8').send(html);
  });
  app.get('/status.json', async (_request, reply) => reply.header('cache-control', CACHE).send(await views.get()));
  app.get('/feed.atom', async (request, reply) => {
    const base = baseUrl(request, reply);
    if (base === undefined) return reply;
    const view = await views.get();
    const language = feedLanguage(request);
    return cacheHeaders(reply).type('application/atom+xml; charset=utf-8').send(once(view, `atom\u0000${base}\u0000${language ?? ''}`, () => renderPostsAtom(view, base, languages, language)));
  });
  app.get('/cap.atom', async (request, reply) => {
    const base = baseUrl(request, reply);
    if (base === undefined) return reply;
    const input = await capInput(base, request);
    return cacheHeaders(reply).type('application/atom+xml; charset=utf-8').send(once(input.view, `cap\u0000${base}\u0000${input.language ?? ''}`, () => renderCapAtom(input)));
  });
  app.get('/cap/:file', async (request, reply) => {
    const base = baseUrl(request, reply);
    if (base === undefined) return reply;
    const file = (request.params as { file: string }).file;
    const input = await capInput(base, request);
    const emergency = [...input.view.emergencies, ...input.view.ended].find((e) => `${e.id}.xml` === file);
    if (emergency === undefined) return reply.code(404).send({ error: 'NOT_FOUND', message: 'no such alert' });
    return cacheHeaders(reply).type('application/cap+xml; charset=utf-8').send(once(input.view, `alert\u0000${base}\u0000${emergency.id}`, () => `<?xml version="1.0" encoding="utf-8"?>\n${renderCapAlert(emergency, input)}\n`));
  });
}
