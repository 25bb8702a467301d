import v8 from 'node:v8';
import vm from 'node:vm';

/** V8's own factor (Node 20): the young generation doubles when most of it survives a collection. */
const DEFAULT_SEMI_SPACE_GROWTH = 2;

/**
 * Hands back to the system what start-up used and no longer needs, once, at the end of start-up.
 *
 * `civicast start` (bin/civicast.js) keeps V8's young generation from growing during start-up's
 * burst of long-lived allocations (modules, YAML, templates, the classifier's training vectors):
 * grown, it stayed at 2 × 16 MiB for the life of an idle process, since V8 shrinks it only when
 * collecting and nothing is collected while idle. Here V8's growth is put back, so a storm's
 * traffic grows it as before. Then two full collections: the first frees start-up's garbage, the
 * second lets V8 hand back the pages that garbage left mostly empty (~0.1–0.3 s of CPU). V8
 * offers no call for a collection without `--expose-gc` (`vm.measureMemory` marks incrementally
 * and, on a busy machine, had not finished seconds later), so the collector is taken from a
 * fresh context with that flag set just for it and cleared again: no script of the service sees
 * `gc`. Only memory is at stake: a runtime that refuses any of it keeps what it has.
 */
export function releaseStartUpMemory(): void {
  try {
    v8.setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_SEMI_SPACE_GROWTH}`);
    v8.setFlagsFromString('--expose-gc');
    const collect = vm.runInNewContext('gc') as () => void;
    v8.setFlagsFromString('--no-expose-gc');
    collect();
    collect();
  } catch {
    // Keeps what it has.
  }
}
