import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../services.js';
import { renderPostsAtom } from './atom-feed.js';
import { renderCapAlert, renderCapAtom, type CapInput } from './cap-feed.js';
import { StatusPage } from './status-page.js';
import { StatusViewCache } from './status-view-cache.js';

/** Short caching: the page must change within a minute of a declaration, yet survive a traffic spike. */
const CACHE = 'public, max-age=30';

/** Public pages (no sign-in): `/status`, `/status.json`, `/feed.atom`, `/cap.atom`, `/cap/:id.xml`. */
export function registerPublicRoutes(app: FastifyInstance, services: Services, options: { webDir: string }): void {
  const page = new StatusPage(path.join(options.webDir, 'public', 'status.hbs'));
  const views = new StatusViewCache(services, services.config.http.statusCacheSeconds * 1000);
  const { locales, defaultLocale } = services.config.city;
  const baseUrl = (request: FastifyRequest) => (services.config.http.publicBaseUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
  const capInput = async (request: FastifyRequest): Promise<CapInput> => {
    const view = await views.get();
    // One info block per language the city actually answers in; fallbacks would only repeat English.
    return { view, baseUrl: baseUrl(request), locales: view.meaning.map((m) => m.locale), statements: services.statements };
  };

  app.get('/status', async (request, reply) => {
    const query = request.query as { lang?: unknown };
    const accepted = request.headers['accept-language']?.split(',').map((l) => l.trim().slice(0, 2).toLowerCase()).find((l) => locales.includes(l));
    const lang = typeof query.lang === 'string' && locales.includes(query.lang) ? query.lang : (accepted ?? defaultLocale);
    const html = page.render(await views.get(), { locales, defaultLocale, lang });
    return reply.header('cache-control', CACHE).header('content-language', lang).type('text/html; charset=utf-8').send(html);
  });
  app.get('/status.json', async (_request, reply) => reply.header('cache-control', CACHE).send(await views.get()));
  app.get('/feed.atom', async (request, reply) => reply.header('cache-control', CACHE).type('application/atom+xml; charset=utf-8').send(renderPostsAtom(await views.get(), baseUrl(request))));
  app.get('/cap.atom', async (request, reply) => reply.header('cache-control', CACHE).type('application/atom+xml; charset=utf-8').send(renderCapAtom(await capInput(request))));
  app.get('/cap/:file', async (request, reply) => {
    const file = (request.params as { file: string }).file;
    const input = await capInput(request);
    const emergency = [...input.view.emergencies, ...input.view.ended].find((e) => `${e.id}.xml` === file);
    if (emergency === undefined) return reply.code(404).send({ error: 'NOT_FOUND', message: 'no such alert' });
    return reply.header('cache-control', CACHE).type('application/cap+xml; charset=utf-8').send(`<?xml version="1.0" encoding="utf-8"?>\n${renderCapAlert(emergency, input)}\n`);
  });
}
