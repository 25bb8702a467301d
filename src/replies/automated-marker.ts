import { limitsByKind } from '../channels/registry.js';
import type { CivicastConfig } from '../config/schema.js';
import type { PublicTexts } from '../languages/public-texts.js';
import type { ReplyChannel } from '../translations/check-faq-edit.js';

/**
 * The text key of the short "automated reply" marker (`labels.replies.automated` in
 * `locales/<lang>.yaml`): a reviewed text like every other, in every served language.
 */
export const AUTOMATED_MARKER_KEY = 'label:replies.automated';

/** A language's marker, when it has one (plain words: no template syntax). */
export function automatedMarker(texts: PublicTexts, language: string): string | undefined {
  const text = texts.text(language, AUTOMATED_MARKER_KEY)?.trim();
  return text === undefined || text.length === 0 ? undefined : text;
}

/** The channels residents are answered on (enabled, replies on), with their kind's length limits and whether they mark automated replies. */
export function replyChannels(config: Pick<CivicastConfig, 'channels' | 'replies'>): ReplyChannel[] {
  if (!config.replies.enabled) return [];
  const limits = limitsByKind();
  return Object.entries(config.channels).flatMap(([name, channel]) => {
    const kindLimits = limits[channel.kind];
    if (!channel.enabled || !channel.replies || kindLimits === undefined) return [];
    return [{ name, limits: kindLimits, marker: channel.automatedReplyMarker }];
  });
}

/** A reply with the marker before it, where the channel marks automated replies and the language has a marker. */
export function markReply(text: string, marker: string | undefined): string {
  return marker === undefined ? text : `${marker} ${text}`;
}
