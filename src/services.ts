import type { Channel } from './channels/channel.js';
import type { CivicastConfig } from './config/schema.js';
import type { Clock } from './domain/clock.js';
import type { NewPost, Priority } from './domain/post.js';
import type { EmergencyService } from './emergencies/emergency-service.js';
import type { Outbox } from './outbox/outbox.js';
import type { PauseSwitch } from './outbox/pause-switch.js';
import type { ReplyDecider } from './replies/decider.js';
import type { Inbox } from './replies/inbox.js';
import type { FaqService } from './faq/faq-service.js';
import type { FaqLearning } from './learning/faq-learning.js';
import type { ReplyRecords } from './records/reply-records.js';
import type { ReplyPipeline } from './replies/reply-pipeline.js';
import type { Scheduler } from './scheduling/scheduler.js';
import type { StaffActions } from './staff/staff-actions.js';
import type { PublicStatements } from './statements/public-statements.js';
import type { Store } from './store/store.js';
import type { PublicLanguages } from './languages/public-languages.js';
import type { Translations } from './translations/translations.js';

/** One feed's health as `civicast status` shows it. */
export interface FeedStatusView {
  id: string;
  state: string;
  lastSuccessAt?: number | null;
  lastError?: string | null;
  [key: string]: unknown;
}

/** One post of a campaign preview. */
export interface PreviewRow {
  phase: string;
  topic: string;
  locale: string;
  channel: string;
  parts: string[];
  /** The language of each part (a multilingual thread has several), and its script's direction. */
  partLocales: string[];
  partDirs: ('ltr' | 'rtl')[];
  length: number;
  limit: number;
}

/**
 * The application services the HTTP layer, the CLI and chat commands share. Built once in the
 * composition root (main.ts); nothing below creates its own clients.
 */
export interface Services {
  config: CivicastConfig;
  store: Store;
  clock: Clock;
  instanceId: string;
  channels: ReadonlyMap<string, Channel>;
  outbox: Outbox;
  pause: PauseSwitch;
  scheduler: Scheduler;
  emergencies: EmergencyService;
  inbox: Inbox;
  replies: ReplyPipeline;
  /** The one door for staff actions (console, admin API, CLI, Discord): actors, roles, two-person rule, audit. */
  staff: StaffActions;
  faq: ReplyDecider & { topics(): string[]; answer(topic: string, locale: string, emergency: Parameters<ReplyDecider['decide']>[1]): string; answeredLocales(): string[] } & Pick<FaqService, 'applyOverrides' | 'retrained' | 'versionOf' | 'disabledTopics' | 'dangerText'>;
  /** What staff teach the FAQ while running (phrasings, drafts, switched-off topics), kept in the store for every instance. */
  learning: FaqLearning;
  /** Each resident message's record (text, decision, topic, answer version): records requests and answer governance. */
  records: ReplyRecords;
  /** What the public status page and the CAP feed say, per emergency type, phase and locale (statements, not replies). */
  statements: PublicStatements;
  /** Labels, titles, dates and directions of every served language (public pages, feeds, CAP). */
  languages: PublicLanguages;
  /** Review status of every translated text; `review` approves or edits one, live. */
  translations: Translations;
  /** Channel or group names → enabled channel names; throws AppError for unknown names. */
  resolveChannels(names: string[]): string[];
  /** Fits text to a channel (thread parts); throws AppError if it cannot fit. */
  compose(text: string, channel: string): string[];
  /** Builds outbox posts for a staff-written post. */
  composePosts(input: { text: string; channels: string[]; at?: number; priority?: Priority; actor: string; awaitingApproval?: boolean; idPrefix?: string }): NewPost[];
  feedStatus(): FeedStatusView[];
  /** Polls a feed now (staff "check now", tests); resumes one paused by the runaway guard. */
  pollFeed(id: string): Promise<{ status: string; items: number; signals: number; error?: string }>;
  resumeFeed(id: string): Promise<void>;
  previewCampaign(type: string, options: { locale?: string; channel?: string; params?: Record<string, string | number | boolean> }): PreviewRow[];
  emergencyTypes(): string[];
  /** The parameters a declaration of this type gets unless told otherwise (the playbook's). */
  defaultParams(type: string): Record<string, string | number | boolean>;
}
