import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Channel, ChannelLimits } from '../channels/channel.js';
import type { CivicastConfig } from '../config/schema.js';
import type { Clock } from '../domain/clock.js';
import type { EmergencyParams } from '../domain/emergency.js';
import { AppError } from '../domain/errors.js';
import type { Signal } from '../domain/signal.js';
import type { EmergencyListener } from '../emergencies/emergency-service.js';
import type { FeedStatusView, PreviewRow, Services } from '../services.js';
import type { Store } from '../store/store.js';

export interface CampaignRunnerHandle extends EmergencyListener {
  start(): Promise<void>;
  close(): void;
}

export interface FeedRunnerHandle {
  start(): Promise<void>;
  close(): Promise<void>;
}

/** The content-bearing modules (FAQ, templates and playbooks, feeds, console), loaded at start-up. */
export interface Modules {
  fit(text: string, limits: ChannelLimits): string[];
  faq: Services['faq'];
  emergencyTypes(): string[];
  titleFor(type: string, locale: string): string;
  defaultParams(type: string): EmergencyParams;
  feedStatus(): FeedStatusView[];
  preview(type: string, options: { locale?: string; channel?: string }, channels: ReadonlyMap<string, Channel>): PreviewRow[];
  createCampaignRunner(input: { services: Services; logger: Logger }): CampaignRunnerHandle;
  createFeedRunner(input: { store: Store; clock: Clock; logger: Logger; instanceId: string; onSignal: (signal: Signal) => Promise<void> }): FeedRunnerHandle;
  httpPlugins(services: Services): ((app: FastifyInstance) => Promise<void> | void)[];
}

export interface LoadModulesInput {
  configDir: string;
  config: CivicastConfig;
  logger: Logger;
  /** Non-fatal findings (a locale falling back to English) are collected here. */
  warnings?: string[];
}

export async function loadModules(_input: LoadModulesInput): Promise<Modules> {
  return {
    fit(text, limits) {
      if ([...text].length > limits.maxLength) throw new AppError('INVALID_INPUT', `text is longer than ${limits.maxLength} characters`);
      return [text];
    },
    faq: {
      decide: (_text, _emergency) => ({ kind: 'handoff', topic: null, confidence: 0, locale: 'en', reply: null, latencyMs: 0 }),
      topics: () => [],
      answer: () => '',
    },
    emergencyTypes: () => ['snow', 'hurricane', 'flood', 'heat', 'cold'],
    titleFor: (type) => `${type} emergency`,
    defaultParams: () => ({}),
    feedStatus: () => [],
    preview: () => [],
    createCampaignRunner: () => ({ start: async () => {}, close: () => {}, onActivated: async () => {}, onUpdated: async () => {}, onEnded: async () => {} }),
    createFeedRunner: () => ({ start: async () => {}, close: async () => {} }),
    httpPlugins: () => [],
  };
}
