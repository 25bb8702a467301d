import type { ChannelLimits } from '../channels/channel.js';
import { AppError } from '../domain/errors.js';
import { opensWithYesOrNo } from '../faq/check-answers.js';
import type { PublicTexts } from '../languages/public-texts.js';
import { measureLength } from '../templates/measure-length.js';

/** The longest handle a reply is addressed to that the length check leaves room for (as the answer-form test does). */
export const REPLY_HANDLE_ROOM = `@${'a'.repeat(15)} `;

export interface ReplyChannel {
  name: string;
  limits: ChannelLimits;
  /** The channel puts the "automated reply" marker before its replies. */
  marker: boolean;
}

export interface FaqEditCheckDeps {
  texts: PublicTexts;
  /** Emergency types with a playbook, and what a declaration of one carries by default. */
  emergencyTypes: () => readonly string[];
  /** What an answer of `language` reads for an emergency of `type` with its default parameters (null: normal times). */
  contextFor: (type: string | null, language: string, now: number) => Record<string, unknown>;
  /** The channels residents are answered on now (enabled, replies on). */
  replyChannels: () => readonly ReplyChannel[];
  /** The "automated reply" marker of a language, when it has one. */
  marker: (language: string) => string | undefined;
}

const UNRENDERED = /\{\{|\}\}/;

/**
 * Checks a reviewer's correction of a FAQ answer (`faq:<topic>/<state>`) or acknowledgement
 * (`faq:<topic>/acknowledge`) before it is used: it renders with the values that answer is given
 * (normal times, any emergency, or its own type), leaves no `{{` behind, reads as a statement,
 * and fits one reply, with the acknowledgement and the marker, on every channel residents are
 * answered on. Throws AppError('INVALID_INPUT') naming what is wrong.
 */
export function checkFaqEdit(deps: FaqEditCheckDeps, language: string, key: string, text: string): void {
  const [topic = '', state = ''] = key.slice('faq:'.length).split('/');
  const refuse = (why: string): never => {
    throw new AppError('INVALID_INPUT', `${key} (${language}): ${why}`);
  };
  const now = Date.now();
  if (state === 'acknowledge') {
    if (text.trim().length < 2 || text.length > 120 || /[{}]/.test(text)) refuse('an acknowledgement is plain text of 2 to 120 characters, no braces');
    // It goes before every answer of the topic in this language: each must still fit.
    for (const answerKey of deps.texts.keys('faq').filter((k) => k.startsWith(`faq:${topic}/`) && !k.endsWith('/acknowledge') && deps.texts.has(language, k))) {
      for (const rendered of renderings(deps, language, answerKey, deps.texts.text(language, answerKey) ?? '', now, refuse)) checkFits(deps, language, `${text} ${rendered}`, refuse);
    }
    return;
  }
  if (text.trim().length < 10 || text.length > 1000) refuse('an answer is 10 to 1000 characters');
  const acknowledgement = deps.texts.text(language, `faq:${topic}/acknowledge`);
  for (const rendered of renderings(deps, language, key, text, now, refuse)) {
    if (UNRENDERED.test(rendered)) refuse(`"{{" or "}}" left in the text as residents would read it: ${rendered}`);
    if (rendered.trim().length === 0) refuse('renders empty');
    if (opensWithYesOrNo(rendered)) refuse('opens with a yes or a no: answers follow any form of question, so write a statement');
    checkFits(deps, language, acknowledgement === undefined ? rendered : `${acknowledgement} ${rendered}`, refuse);
  }
}

/** The answer rendered for every emergency state it is used in. */
function renderings(deps: FaqEditCheckDeps, language: string, key: string, text: string, now: number, refuse: (why: string) => never): string[] {
  const state = key.slice(key.lastIndexOf('/') + 1);
  const types = state === 'default' ? [null] : state === 'active' ? deps.emergencyTypes() : [state];
  let compiled;
  try {
    compiled = deps.texts.compile(language, key, text);
  } catch (error) {
    return refuse((error as Error).message.replace(`${key} (${language}): `, ''));
  }
  return types.map((type) => {
    try {
      return compiled(deps.contextFor(type, language, now), language);
    } catch (error) {
      return refuse(`does not render${type === null ? '' : ` for ${type}`}: ${(error as Error).message.replace(`${key} (${language}): `, '')}`);
    }
  });
}

function checkFits(deps: FaqEditCheckDeps, language: string, reply: string, refuse: (why: string) => never): void {
  const marker = deps.marker(language);
  for (const channel of deps.replyChannels()) {
    const text = `${REPLY_HANDLE_ROOM}${channel.marker && marker !== undefined ? `${marker} ` : ''}${reply}`;
    const length = measureLength(text, channel.limits.lengthRule);
    if (length > channel.limits.maxLength) refuse(`too long for one reply on ${channel.name}: ${length} of ${channel.limits.maxLength} (with a reply's @handle${channel.marker && marker !== undefined ? ' and the automated-reply marker' : ''})`);
  }
}
