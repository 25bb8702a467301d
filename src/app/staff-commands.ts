import type { StaffCommands } from '../channels/staff-commands.js';
import type { Services } from '../services.js';
import { STAFF_COMMANDS as C } from '../staff/commands/all-commands.js';

/**
 * Chat-platform staff commands on the staff layer: the member is mapped to their staff user,
 * then the same commands the console and the admin API run.
 */
export function createStaffCommands(services: () => Services): StaffCommands {
  return {
    async declareEmergency({ type, params, actor }) {
      const s = services();
      const e = await s.staff.run(C.emergencyDeclare, await s.staff.actorForChat(actor), { type, params });
      return `${e.title} is ${e.status} (id ${e.id}).`;
    },
    async liftEmergency({ type, id, actor }) {
      const s = services();
      const e = await s.staff.run(C.emergencyLift, await s.staff.actorForChat(actor), { ...(id === undefined ? {} : { id }), ...(type === undefined ? {} : { type }) });
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
      const result = await s.staff.run(C.postQueue, await s.staff.actorForChat(actor), { text, channels: channels.length === 0 ? ['all'] : channels });
      const where = result.posts.map((p) => p.channel).join(', ');
      return result.awaitingApproval ? `Created ${result.created} post(s) for ${where}; another person must approve them in the console before they go out.` : `Queued ${result.created} post(s): ${where}.`;
    },
  };
}
