import fs from 'node:fs';
import path from 'node:path';
import type { ConfigProblem } from '../config/config-error.js';
import { readPostCues, SHIPPED_CUES_DIR } from './post-cues.js';

/**
 * Every served language needs its own `faq/cues/<lang>.yaml` (question forms, complaint and
 * story words, negations) that reads cleanly. Without one the matcher still runs, but reads the
 * language's posts with every language's cues at once: a silent fallback, so `civicast validate`
 * and start-up name the file per language instead. The cues come from `faqDir/cues`, or the
 * shipped ones when the knowledge base has no folder of its own (as the knowledge base reads them).
 */
export function postCueProblems(input: { faqDir: string; served: readonly string[] }): ConfigProblem[] {
  const own = path.join(input.faqDir, 'cues');
  const dir = fs.existsSync(own) ? own : SHIPPED_CUES_DIR;
  const display = path.relative(process.cwd(), dir) || dir;
  const problems: ConfigProblem[] = [];
  const present = new Map<string, string>();
  for (const language of input.served) {
    const name = [`${language}.yaml`, `${language}.yml`].find((n) => fs.existsSync(path.join(dir, n)));
    if (name === undefined) {
      problems.push({ file: path.join(display, `${language}.yaml`), path: '', message: `missing: served language ${language} has no post cues (question forms, complaint and story words, negations); its posts would be read with every language's cues` });
      continue;
    }
    try {
      fs.accessSync(path.join(dir, name), fs.constants.R_OK);
      present.set(path.join(display, name), language);
    } catch (error) {
      problems.push({ file: path.join(display, name), path: '', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): the post cues of served language ${language}` });
    }
  }
  if (present.size === 0) return problems;
  // Parse and schema problems of the served languages' files (a broken file of an unserved
  // language is the knowledge base's to report); an unreadable file is skipped by the reader.
  const read: ConfigProblem[] = [];
  try {
    readPostCues(dir, read);
  } catch {
    return problems; // the folder vanished between the checks: the knowledge base names it
  }
  for (const problem of read) {
    const language = present.get(problem.file);
    if (language !== undefined) problems.push({ ...problem, message: `${problem.message} (the post cues of served language ${language})` });
  }
  return problems;
}
