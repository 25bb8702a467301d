import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/domain/inbound-message.js';
import { themesReport } from '../../src/learning/themes-report.js';
import { userActor } from '../../src/staff/actor.js';
import { STAFF_COMMANDS as C } from '../../src/staff/commands/all-commands.js';
import { startConsole, type ConsoleHarness } from '../http/console/console-harness.js';

const manager = userActor('mia', 'manager', 'console', 'session');
const comms = userActor('cal', 'comms', 'console', 'session');
const viewer = userActor('vic', 'viewer', 'console', 'session');

let sequence = 0;
function message(text: string, prefix = 'learn'): InboundMessage {
  sequence++;
  const now = Date.now();
  return { id: `${prefix}-${sequence}`, channel: 'console', author: { id: `r-${sequence}`, handle: `r${sequence}` }, text, isDirect: false, createdAt: now, receivedAt: now, replyTarget: { messageId: `${prefix}-${sequence}` } };
}

describe('FAQ learning and governance through the staff layer', () => {
  let h: ConsoleHarness;
  // Two-person rule off: each staff answer goes out without a second approval, so "posted" counts replies.
  beforeAll(async () => {
    h = await startConsole({ twoPersonRule: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers a theme once per message, however often the form is sent, and records what staff did', async () => {
    const { services } = h.svc;
    const texts = ['can i renew my dog license online this week', 'can I renew the dog license online this week?', 'dog license renewal online this week, possible?'];
    const sent = texts.map((t) => message(t, 'bill'));
    for (const m of sent) expect(await services.replies.handle(m)).toBe('handoff');
    const report = await themesReport(services);
    const theme = report.themes.find((t) => t.itemIds.includes(`console:${sent[0]?.id}`));
    expect(theme?.count).toBe(3);
    // Each hand-off keeps the classifier's best guesses for staff.
    expect((await services.inbox.get(`console:${sent[0]?.id}`)).guesses?.length).toBeGreaterThan(0);

    const ids = theme?.itemIds ?? [];
    const text = 'Dog licenses can be renewed online any day at the city’s licensing page.';
    const first = await services.staff.run(C.faqThemeAnswer, comms, { ids, text });
    expect(first).toEqual({ posted: 3, awaitingApproval: 0, skipped: 0 });
    const again = await services.staff.run(C.faqThemeAnswer, comms, { ids, text });
    expect(again).toEqual({ posted: 0, awaitingApproval: 0, skipped: 3 });
    for (const m of sent) expect((await services.outbox.get(`reply:console:${m.id}:staff`))?.parts.join(' ')).toBe(text);
    for (const id of ids) expect((await services.inbox.get(id)).outcomes).toEqual(['answered']);
    const audit = await services.store.queryAudit({ actor: 'user:cal', limit: 50 });
    expect(audit.filter((e) => e.action === 'faq.theme-answer')).toHaveLength(2);
    expect(audit.filter((e) => e.action === 'inbox.answer')).toHaveLength(3);
    expect((await themesReport(services)).themes.find((t) => t.itemIds.some((i) => ids.includes(i)))).toBeUndefined();
  });

  it('refuses one answer for a theme in several languages, and the roles that may not act', async () => {
    const { services } = h.svc;
    const en = message('does the museum offer free entry to residents on sundays', 'mix');
    const es = message('¿el museo ofrece entrada gratis a los residentes los domingos?', 'mix');
    for (const m of [en, es]) expect(await services.replies.handle(m)).toBe('handoff');
    const ids = [`console:${en.id}`, `console:${es.id}`];
    expect((await services.inbox.get(ids[1] as string)).locale).toBe('es');
    await expect(services.staff.run(C.faqThemeAnswer, comms, { ids, text: 'No.' })).rejects.toThrow(/several languages \(en, es\)/);
    await expect(services.staff.run(C.faqThemeAnswer, viewer, { ids, text: 'No.' })).rejects.toThrow(/may not do this/);
    await expect(services.staff.run(C.faqPhrasingAdd, comms, { topic: 'city.offices', text: 'x y z' })).rejects.toThrow(/needs manager/);
    await expect(services.staff.run(C.faqPhrasingAdd, manager, { topic: 'no.such_topic', text: 'a question' })).rejects.toThrow(/no FAQ topic "no.such_topic"/);
    const draft = await services.staff.run(C.faqTopicDraft, comms, { title: 'Museum free days', answer: 'City museums are free for residents on the first Sunday of each month.', items: [ids[0] as string] });
    expect(draft).toMatchObject({ review: 'draft', locale: 'en', examples: [en.text] });
    // A draft answers nothing.
    expect(services.faq.decide(en.text, null).kind).toBe('handoff');
    expect((await services.learning.drafts()).map((d) => d.id)).toContain(draft.id);
  });

  it('a taught phrasing is live at once, kept in the store and listed for review; adding it twice changes nothing', async () => {
    const { services } = h.svc;
    const text = 'my kids library card got lost, can they get a new one';
    expect(services.faq.decide(text, null).kind).toBe('handoff');
    const taught = await services.staff.run(C.faqPhrasingAdd, manager, { topic: 'city.offices', text });
    expect(taught).toMatchObject({ added: true, phrasing: { topic: 'city.offices', review: 'pending', addedBy: 'user:mia' } });
    const decision = services.faq.decide(text, null);
    expect(decision).toMatchObject({ kind: 'answer', topic: 'city.offices', learned: true });
    expect(decision.reply).toBe(services.faq.answer('city.offices', 'en', null));
    // A near-duplicate (one word different) is answered too; a different question is not.
    expect(services.faq.decide('my kids library card got lost, can they get a new one please', null).topic).toBe('city.offices');
    expect(services.faq.decide('my library card is broken', null).kind).toBe('handoff');
    expect((await services.staff.run(C.faqPhrasingAdd, manager, { topic: 'city.offices', text: `  ${text.toUpperCase()}!` })).added).toBe(false);
    // What another instance (or a restart) reads from the store.
    const stored = await services.learning.phrasings();
    expect(stored.filter((p) => p.topic === 'city.offices')).toHaveLength(1);
    await services.staff.run(C.faqPhrasingRemove, manager, { id: taught.phrasing.id });
    expect(services.faq.decide(text, null).kind).toBe('handoff');
  });

  it('a switched-off topic hands its questions to staff at once; its earlier replies are listed; each switch audited', async () => {
    const { services } = h.svc;
    const question = 'where can I park during the snow emergency';
    const before = message(question, 'gov');
    expect(await services.replies.handle(before)).toBe('replied');
    const given = (await services.records.list()).find((r) => r.messageId === before.id);
    const topic = given?.topic as string;
    expect(given).toMatchObject({ kind: 'answer', version: services.faq.versionOf(topic)?.version, replyId: `reply:console:${before.id}` });
    expect(given?.asOf).toBeGreaterThan(0);

    await services.staff.run(C.faqTopicDisable, manager, { topic, reason: 'garage list out of date' });
    expect(services.faq.disabledTopics()).toEqual([topic]);
    const after = message(question, 'gov');
    expect(await services.replies.handle(after)).toBe('handoff');
    expect((await services.inbox.get(`console:${after.id}`)).disabledTopic).toBe(topic);
    const stale = await services.records.stale(services.faq);
    expect(stale.map((s) => [s.id, s.why])).toContainEqual([`console:${before.id}`, 'switched-off']);

    // Disabling twice is one change; enabling brings the answer back.
    expect((await services.staff.run(C.faqTopicDisable, manager, { topic })).changed).toBe(false);
    await services.staff.run(C.faqTopicEnable, manager, { topic });
    expect(services.faq.decide(question, null).topic).toBe(topic);
    const actions = (await services.store.queryAudit({ actor: 'user:mia', target: topic, limit: 10, order: 'oldest' })).map((e) => e.action);
    expect(actions).toEqual(['faq.disable', 'faq.disable', 'faq.enable']);
  });
});
