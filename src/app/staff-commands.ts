import type { StaffCommands } from '../channels/staff-commands.js';
import type { Services } from '../services.js';

/** Chat-platform staff commands on top of the same services the admin API uses. */
export function createStaffCommands(services: () => Services): StaffCommands {
  return {
    async declareEmergency({ type, params, actor }) {
      const e = await services().emergencies.declare({ type, params, actor });
      return `${e.title} is ${e.status} (id ${e.id}).`;
    },
    async liftEmergency({ type, id, actor }) {
      const s = services();
      const open = await s.emergencies.findOpen({ ...(id === undefined ? {} : { id }), ...(type === undefined ? {} : { type }) });
      const e = await s.emergencies.lift(open.id, actor);
      return `${e.title} is ${e.status}.`;
    },
    async emergencyStatus() {
      const open = (await services().emergencies.list()).filter((e) => e.status === 'active' || e.status === 'proposed');
      if (open.length === 0) return 'No emergency is in effect.';
      return open.map((e) => `${e.title}: ${e.status} since ${new Date(e.effectiveAt).toISOString()} (id ${e.id})`).join('\n');
    },
    async askFaq({ text }) {
      const s = services();
      const decision = s.faq.decide(text, (await s.emergencies.current()) ?? null);
      if (decision.reply === null) return `No confident answer (best guess ${decision.topic ?? 'none'}, ${Math.round(decision.confidence * 100)}%); staff would handle this one.`;
      return `${decision.reply}\n(topic ${decision.topic ?? decision.kind}, ${Math.round(decision.confidence * 100)}%)`;
    },
    async queuePost({ text, channels, actor }) {
      const s = services();
      const posts = s.composePosts({ text, channels: channels.length === 0 ? ['all'] : channels, actor });
      const created = await s.outbox.enqueueAll(posts);
      return `Queued ${created} post(s): ${posts.map((p) => p.channel).join(', ')}.`;
    },
  };
}
