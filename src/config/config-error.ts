import { AppError } from '../domain/errors.js';

/** One problem in a configuration file, located precisely enough for a person to fix it. */
export interface ConfigProblem {
  file: string;
  path: string;
  message: string;
}

export class ConfigError extends AppError {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super('CONFIG_INVALID', formatProblems(problems), { retryable: false });
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function formatProblems(problems: ConfigProblem[]): string {
  const lines = problems.map((p) => `  ${p.file}: ${p.path === '' ? '(top level)' : p.path}: ${p.message}`);
  return `Invalid configuration:\n${lines.join('\n')}`;
}

/** Renders a zod issue path the way YAML readers think of it: `channels.x-311.budget.perDay`, `schedules[2].cron`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
