import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { emergencyFor } from '../../routes/admin-routes.js';
import { optionalText } from '../form.js';
import { sendPage, type ConsoleDeps } from '../page.js';

const faqQuery = z.object({ q: optionalText(2000), emergency: optionalText(40), locale: optionalText(10), done: z.string().optional() });

export function registerFaqRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;
  const { faq } = services;

  // A GET form: trying a question changes nothing, so it needs no CSRF token and can be bookmarked.
  app.get('/console/faq', async (request, reply) => {
    const query = faqQuery.parse(request.query);
    const locales = services.config.city.locales;
    const locale = query.locale !== undefined && locales.includes(query.locale) ? query.locale : services.config.city.defaultLocale;
    const types = services.emergencyTypes();
    const states = [{ key: 'none', label: 'No emergency' }, ...types.map((t) => ({ key: t, label: t }))];
    const stateEmergencies = await Promise.all(states.map((s) => emergencyFor(services, s.key)));
    const topics = faq.topics().map((topic) => ({
      topic,
      answers: states.map((state, i) => {
        try {
          return { state: state.label, text: faq.answer(topic, locale, stateEmergencies[i] ?? null) };
        } catch {
          return { state: state.label, text: '(no answer for this state)' };
        }
      }),
    }));
    let tried: Record<string, unknown> | null = null;
    if (query.q !== undefined) {
      const decision = faq.decide(query.q, await emergencyFor(services, query.emergency ?? undefined));
      tried = { ...decision, confidencePct: Math.round(decision.confidence * 100) };
    }
    return sendPage(deps, request, reply, 'faq', 'FAQ', {
      topics,
      tried,
      q: query.q ?? '',
      emergencyChoices: [{ key: '', label: 'The current emergency, if any' }, ...states].map((s) => ({ ...s, selected: s.key === (query.emergency ?? '') })),
      localeChoices: locales.map((l) => ({ code: l, selected: l === locale })),
    });
  });
}
