import type { FastifyInstance } from 'fastify';
import type { Post } from '../../../domain/post.js';
import { hourlyShares } from '../../../learning/hourly-shares.js';
import { themesReport } from '../../../learning/themes-report.js';
import { sendPage, type ConsoleDeps } from '../page.js';
import { postView } from './post-view.js';

/** One bar of the reply chart; widths are SVG attributes, so no inline style is needed (strict CSP). */
interface Bar {
  label: string;
  value: number;
  width: number;
  y: number;
  textY: number;
}

function bars(entries: [string, number][]): { bars: Bar[]; height: number } {
  const max = Math.max(1, ...entries.map(([, v]) => v));
  return {
    bars: entries.map(([label, value], i) => ({ label, value, width: Math.round((value / max) * 100), y: i * 28, textY: i * 28 + 15 })),
    height: Math.max(28, entries.length * 28),
  };
}

export function registerDashboardRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;
  app.get('/console', async (request, reply) => {
    const now = services.clock.now();
    const [emergencies, counts, pending, failed, sent, counters, learning] = await Promise.all([
      services.emergencies.list(),
      services.staff.views.postCounts(),
      services.staff.views.posts({ status: 'pending', limit: 200 }),
      services.staff.views.posts({ status: 'failed', order: 'recent', limit: 10 }),
      services.staff.views.posts({ status: 'sent', order: 'recent', limit: 200 }),
      services.staff.views.replyCounters(),
      themesReport(services),
    ]);
    // Hours with no question at all are left out: the table shows the hours that had traffic.
    const hours = hourlyShares(counters, now, 24).filter((h) => h.total > 0);
    const byDue = (a: Post, b: Post) => a.dueAt - b.dueAt;
    const outcomes: [string, number][] = [
      ['Answered', counters['replies.answered'] ?? 0],
      ['Handed to staff', counters['replies.handoff'] ?? 0],
      ['Urgent', counters['replies.urgent'] ?? 0],
    ];
    const topics = Object.entries(counters)
      .filter(([k]) => k.startsWith('replies.topic.'))
      .map(([k, v]): [string, number] => [k.slice('replies.topic.'.length), v])
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10);
    return sendPage(deps, request, reply, 'dashboard', 'Dashboard', {
      active: emergencies.filter((e) => e.status === 'active'),
      proposed: emergencies.filter((e) => e.status === 'proposed'),
      channels: [...services.channels.values()].map((c) => ({ name: c.name, ...c.health(), ok: c.health().state === 'ok' })),
      counts: Object.entries(counts).map(([status, n]) => ({ status, n })),
      nextDue: [...pending].sort(byDue).slice(0, 5).map((p) => postView(p, now)),
      failed: failed.map((p) => postView(p, now)),
      recentSent: [...sent].sort((a, b) => b.updatedAt - a.updatedAt).slice(0, 5).map((p) => postView(p, now)),
      outcomeChart: bars(outcomes),
      topicChart: bars(topics),
      hasReplies: outcomes.some(([, v]) => v > 0),
      hours,
      topThemes: learning.themes.slice(0, 5).map((t) => ({ count: t.count, sample: t.examples[0]?.text ?? '', locales: t.locales, topGuess: t.topGuess?.topic ?? null })),
    });
  });
}
