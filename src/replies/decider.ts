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

export interface ReplyDecision {
  kind: 'urgent' | 'answer' | 'handoff';
  topic: string | null;
  confidence: number;
  locale: string;
  reply: string | null;
  latencyMs: number;
}

export interface ReplyDecider {
  decide(text: string, emergency: ReplyEmergency | null): ReplyDecision;
}
