/**
 * What the reply pipeline needs from the FAQ module. Declared here (the consumer) so the pipeline
 * can be tested with any decider and the FAQ module stays free of outbox concerns.
 */
export interface ReplyEmergency {
  type: string;
  params: Record<string, string | number | boolean>;
  effectiveAt: number;
  expiresAt?: number;
  title: string;
}

/** `urgent`: clear danger (the full 911 reply); `possible`: the 911 line leads the reply; `none`. */
export type DangerTier = 'urgent' | 'possible' | 'none';

export interface ReplyDecision {
  /** `urgent` is the full 911 reply; a possible danger is an `answer` or a `handoff` whose reply leads with the 911 line. */
  kind: 'urgent' | 'answer' | 'handoff';
  danger: DangerTier;
  /** What the danger seems to be (fire, gas, injury...), for staff; empty when none. */
  dangerKinds: string[];
  topic: string | null;
  confidence: number;
  locale: string;
  reply: string | null;
  latencyMs: number;
}

export interface ReplyDecider {
  decide(text: string, emergency: ReplyEmergency | null): ReplyDecision;
}
