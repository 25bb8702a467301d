/**
 * An outbound post as the outbox keeps it. The id is the idempotency key: the same logical post
 * (campaign or schedule id + occurrence + channel) always gets the same id, so enqueuing twice is
 * a no-op and the platform can be asked afterwards whether it went out.
 */
/**
 * Delivery classes, in strict precedence (see docs/adr/0004-delivery-precedence.md):
 * - `urgent`: danger replies (the 911 reply to an urgent or possible-danger message);
 * - `emergency`: an emergency's campaign posts (declaration, update, all-clear);
 * - `answer`: FAQ answers to residents;
 * - `routine`: scheduled and other routine posts.
 */
export type Priority = 'urgent' | 'emergency' | 'answer' | 'routine';

/**
 * Lower sorts first. Every step that orders or limits posts (claim, rate-limit deferral, budget
 * reserves, retry) reads precedence from here, so a new class is added in one place.
 */
export const PRIORITY_RANK: Readonly<Record<Priority, number>> = {
  urgent: 0,
  emergency: 1,
  answer: 2,
  routine: 3,
};

/** Every class, highest precedence first. */
export const PRIORITIES: readonly Priority[] = (Object.keys(PRIORITY_RANK) as Priority[]).sort((a, b) => PRIORITY_RANK[a] - PRIORITY_RANK[b]);

/** The largest rank in use (stores iterate ranks 0..this). */
export const LOWEST_RANK = Math.max(...Object.values(PRIORITY_RANK));

export type PostStatus =
  | 'pending' // waiting for its due time
  | 'claimed' // taken by a dispatcher, platform not yet called
  | 'attempting' // platform call started: outcome unknown until recorded
  | 'sent'
  | 'failed' // parked with a reason; staff may retry
  | 'cancelled' // e.g. its emergency was lifted
  | 'dropped'; // budget exhausted for routine posts, with a logged reason

export interface PartRef {
  /** The platform's id of the published part. */
  id: string;
  url?: string;
}

/** Where a reply goes: the platform id of the message being answered. */
export interface ReplyTarget {
  messageId: string;
  /** The account being answered; the only account a reply may mention. */
  authorHandle?: string;
  /** Platform-specific extra data, e.g. Bluesky root/parent CIDs. */
  extra?: Readonly<Record<string, string>>;
}

export interface Post {
  id: string;
  channel: string;
  /** One entry per thread part, already fitted to the channel's limits. */
  parts: string[];
  priority: Priority;
  /** Epoch milliseconds. */
  dueAt: number;
  status: PostStatus;
  createdAt: number;
  updatedAt: number;
  attempts: number;
  /** Parts published so far, in order; a thread resumes after the last one. */
  sentParts: PartRef[];
  replyTo?: ReplyTarget;
  /** Post this one threads under (e.g. a campaign's first post), by outbox id. */
  threadUnder?: string;
  /** Who or what created it: `campaign:<id>`, `schedule:<id>`, `reply:<msg>`, `user:<name>`. */
  source: string;
  /** Groups posts that are cancelled together (an emergency's campaign). */
  group?: string;
  /** `mul` for a multilingual thread, whose `partLocales` give each part's language. */
  locale?: string;
  partLocales?: string[];
  lastError?: string;
  /** Set while claimed or attempting. */
  claimOwner?: string;
  claimUntil?: number;
  /** Needs a second person's approval before it may be dispatched. */
  awaitingApproval?: boolean;
  createdBy?: string;
}

export interface NewPost {
  id: string;
  channel: string;
  parts: string[];
  priority: Priority;
  dueAt: number;
  source: string;
  replyTo?: ReplyTarget;
  threadUnder?: string;
  group?: string;
  locale?: string;
  /** The language of each part of a multilingual thread (`locale: mul`). */
  partLocales?: string[];
  awaitingApproval?: boolean;
  createdBy?: string;
}

export function newPost(input: NewPost, now: number): Post {
  return {
    ...input,
    status: 'pending',
    createdAt: now,
    updatedAt: now,
    attempts: 0,
    sentParts: [],
  };
}

export function isFinal(status: PostStatus): boolean {
  return status === 'sent' || status === 'failed' || status === 'cancelled' || status === 'dropped';
}
