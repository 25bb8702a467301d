import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import { FormClient, startConsole, type ConsoleHarness } from './console-harness.js';

const QUESTION = 'khi nào xe ủi tuyết dọn đường nhà tôi?';

function message(id: string): InboundMessage {
  const now = Date.now();
  return { id, channel: 'console', author: { id: `a-${id}`, handle: `h${id}` }, text: QUESTION, isDirect: false, createdAt: now, receivedAt: now, replyTarget: { messageId: id } };
}

describe('console: an answer held back for review (sendUnreviewed off)', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    const city = fs.readFileSync(path.resolve('config/city.yaml'), 'utf8').replace(/sendUnreviewed: true/, 'sendUnreviewed: false');
    h = await startConsole({}, { 'city.yaml': city });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('shows staff why, tagged with the language; once a reviewer approves the answer, the next question is answered', async () => {
    const { services } = h.svc;
    expect(await services.replies.handle(message('held-1'))).toBe('handoff');
    const cal = new FormClient(h.base);
    await cal.login('cal');
    const inbox = await cal.get('/console/inbox');
    expect(inbox.html).toMatch(/unreviewed-translation · vi/);
    expect(inbox.html).toContain('Answer held back for review: faq:snow.plowing/default (vi) is draft, not reviewed, and city.translations.sendUnreviewed is off');

    await cal.get('/console/translations?lang=vi&kind=faq');
    const approved = await cal.post('/console/translations/approve', { language: 'vi', key: 'faq:snow.plowing/default', kind: 'faq' });
    expect(approved.status).toBe(303);
    expect(await services.replies.handle(message('held-2'))).toBe('replied');
    expect((await services.outbox.get('reply:console:held-2'))?.parts.join(' ')).toMatch(/^Đội dọn tuyết/);
    expect((await services.store.tailAudit(50)).filter((e) => e.action === 'translation.approve').map((e) => `${e.actor} ${e.target}`)).toEqual(['user:cal vi:faq:snow.plowing/default']);
  }, 120_000);
});
