import type { ConfigProblem } from '../config/config-error.js';
import type { EmergencyParams } from '../domain/emergency.js';
import { opensWithYesOrNo } from '../faq/check-answers.js';
import type { PublicStatements, StatementPhase } from './public-statements.js';

export interface StatementCheckInput {
  statements: PublicStatements;
  locales: readonly string[];
  emergencyTypes: readonly string[];
  defaultParams: (type: string) => EmergencyParams;
  titleFor: (type: string, locale: string) => string;
}

/**
 * Renders every public statement for every locale, in normal times and for every emergency type
 * while active and once ended, so a statement that names a missing fact or parameter fails
 * `civicast validate` and start-up; and refuses one that opens like a reply ("Yes, …").
 */
export function checkStatements(input: StatementCheckInput): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const now = Date.now();
  const cases: { type: string | null; phase: StatementPhase }[] = [{ type: null, phase: 'normal' }, ...input.emergencyTypes.flatMap((type) => (['active', 'ended'] as const).map((phase) => ({ type, phase })))];
  for (const { type, phase } of cases) {
    const file = `statements/${type ?? '_normal'}.yaml`;
    for (const locale of input.locales) {
      const emergency = type === null ? null : { type, params: input.defaultParams(type), effectiveAt: now, title: input.titleFor(type, locale) };
      try {
        for (const statement of input.statements.renderOnce(type, phase, locale, emergency)) {
          if (statement.text.trim().length === 0) problems.push({ file, path: `statements.${phase}.${statement.topic}`, message: `empty statement for ${locale}` });
          if (opensWithYesOrNo(statement.text)) problems.push({ file, path: `statements.${phase}.${statement.topic}.${locale}`, message: 'opens with a yes or a no: a public statement is not a reply' });
        }
      } catch (error) {
        problems.push({ file, path: `statements.${phase} (${locale})`, message: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return problems;
}
