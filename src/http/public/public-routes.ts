import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.js';
import { renderPostsAtom } from './atom-feed.js';
import { renderCapAlert, renderCapAtom, type CapInput } from './cap-feed.js';
import { linkBaseResolver } from './link-base.js';
import { StatusPage } from './status-page.js';
import { StatusViewCache } from './status-view-cache.js';

/** Short caching: the page must change within a minute of a declaration, yet survive a traffic spike. */
const CACHE = 'public, max-age=30';

/** Public pages (no sign-in): `/status`, `/status.json`, `/feed.atom`, `/cap.atom`, `/cap/:id.xml`. */
export function registerPublicRoutes(app: FastifyInstance, services: Services, options: { webDir: string }): void {
  const page = new StatusPage(path.join(options.webDir, 'public', 'status.hbs'));
  const views = new StatusViewCache(services, services.config.http.statusCacheSeconds * 1000);
  const { locales, defaultLocale } = services.config.city;
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
  const capInput = async (base: string): Promise<CapInput> => {
    const view = await views.get();
    // One info block per language the city actually answers in; fallbacks would only repeat English.
    return { view, baseUrl: base, locales: view.meaning.map((m) => m.locale), answer: (topic, locale, emergency) => services.faq.answer(topic, locale, emergency) };
  };

  app.get('/status', async (request, reply) => {
    const query = request.query as { lang?: unknown };
    const accepted = request.headers['accept-language']?.split(',').map((l) => l.trim().slice(0, 2).toLowerCase()).find((l) => locales.includes(l));
    const lang = typeof query.lang === 'string' && locales.includes(query.lang) ? query.lang : (accepted ?? defaultLocale);
    const html = page.render(await views.get(), { locales, defaultLocale, lang });
    return reply.header('cache-control', CACHE).header('content-language', lang).type('text/html; charset=utf-8').send(html);
  });
  app.get('/status.json', async (_request, reply) => reply.header('cache-control', CACHE).send(await views.get()));
  app.get('/feed.atom', async (request, reply) => {
    const base = baseUrl(request, reply);
    if (base === undefined) return reply;
    return cacheHeaders(reply).type('application/atom+xml; charset=utf-8').send(renderPostsAtom(await views.get(), base));
  });
  app.get('/cap.atom', async (request, reply) => {
    const base = baseUrl(request, reply);
    if (base === undefined) return reply;
    return cacheHeaders(reply).type('application/atom+xml; charset=utf-8').send(renderCapAtom(await capInput(base)));
  });
  app.get('/cap/:file', async (request, reply) => {
    const base = baseUrl(request, reply);
    if (base === undefined) return reply;
    const file = (request.params as { file: string }).file;
    const input = await capInput(base);
    const emergency = [...input.view.emergencies, ...input.view.ended].find((e) => `${e.id}.xml` === file);
    if (emergency === undefined) return reply.code(404).send({ error: 'NOT_FOUND', message: 'no such alert' });
    return cacheHeaders(reply).type('application/cap+xml; charset=utf-8').send(`<?xml version="1.0" encoding="utf-8"?>\n${renderCapAlert(emergency, input)}\n`);
  });
}
