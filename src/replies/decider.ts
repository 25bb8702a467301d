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
  /** The classifier's best topics for a hand-off, most likely first (what staff and the themes view see). */
  guesses?: TopicGuess[];
  /** The version of the answer given (`answer` decisions): a hash of the topic's answer texts. */
  version?: string;
  /** When that answer text last changed (its file's time), epoch ms. */
  asOf?: number;
  /** The city's page this answer comes from (the topic's `source:`, https): appended to the reply where it fits. */
  source?: string;
  /** The topic came from a phrasing staff added while running, not the classifier. */
  learned?: boolean;
  /** A topic the classifier chose but staff switched off: the message went to staff instead. */
  disabledTopic?: string;
  /**
   * Why the answer in the asker's language was held back (not reviewed while
   * `city.translations.sendUnreviewed` is off): the message went to staff, with at most a
   * reviewed pointer in that language. Never set for the 911 texts: they are never held back.
   */
  withheld?: string;
}

export interface TopicGuess {
  topic: string;
  confidence: number;
}

export interface ReplyDecider {
  decide(text: string, emergency: ReplyEmergency | null): ReplyDecision;
}
