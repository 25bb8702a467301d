import { describe, expect, it } from 'vitest';
import { channelCommonSchema } from '../../src/config/schema.js';
import { PRIORITIES } from '../../src/domain/post.js';
import { dangerReserve, sendWindows } from '../../src/outbox/send-policy.js';

describe('send windows per class', () => {
  it('keeps ceil(limit × share) for danger replies, always leaving one slot for everyone else', () => {
    expect(dangerReserve(30, 0.1)).toBe(3);
    expect(dangerReserve(17, 0.1)).toBe(2);
    expect(dangerReserve(2, 0.5)).toBe(1);
    expect(dangerReserve(1, 0.5)).toBe(0);
    expect(dangerReserve(300, 0)).toBe(0);
  });

  it('gives each lower class less of the same counters: danger reserve in every window, emergency reserve in the day', () => {
    const config = channelCommonSchema.parse({ kind: 'x', rateLimit: { perMinute: 30, perHour: 200 }, budget: { perDay: 17, reserveForEmergency: 5 }, dangerReserveShare: 0.1 });
    const limits = Object.fromEntries(PRIORITIES.map((p) => [p, sendWindows('x-311', config, p).map((w) => `${w.key}=${w.limit}`)]));
    expect(limits).toEqual({
      urgent: ['budget:x-311=17', 'rate:x-311:h=200', 'rate:x-311:m=30'],
      emergency: ['budget:x-311=15', 'rate:x-311:h=180', 'rate:x-311:m=27'],
      answer: ['budget:x-311=10', 'rate:x-311:h=180', 'rate:x-311:m=27'],
      routine: ['budget:x-311=10', 'rate:x-311:h=180', 'rate:x-311:m=27'],
    });
  });
});
