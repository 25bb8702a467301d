import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Trained models kept on disk: the shipped knowledge base and the last few sets of taught phrasings. */
export const WEIGHTS_KEPT = 8;

/**
 * Trained weights kept on disk between processes, keyed by a hash of everything the training
 * read: training the classifier is the largest part of start-up (the CLI and every restart pay
 * it), and the same examples always train the same weights. A missing, unreadable or mismatched
 * file is simply trained again; nothing here can change an answer.
 */
export class TrainedWeightsCache {
  constructor(private readonly dir: string = defaultCacheDir()) {}

  /** The cached bytes for `key`, when present and exactly `bytes` long. */
  read(key: string, bytes: number): Buffer | undefined {
    try {
      const data = fs.readFileSync(this.file(key));
      return data.length === bytes ? data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stores the bytes for `key` (written whole, then renamed: a reader never sees half a file). */
  write(key: string, data: Uint8Array): void {
    try {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const temporary = `${this.file(key)}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, data, { mode: 0o600 });
      fs.renameSync(temporary, this.file(key));
      this.prune();
    } catch {
      // A read-only or full disk costs the next start a training run, nothing more.
    }
  }

  /** Keeps the newest files only: every taught phrasing trains a model of its own (megabytes each). */
  private prune(): void {
    const files = fs
      .readdirSync(this.dir)
      .filter((f) => f.startsWith('matcher-') && f.endsWith('.bin'))
      .map((f) => ({ file: path.join(this.dir, f), at: fs.statSync(path.join(this.dir, f)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const { file } of files.slice(WEIGHTS_KEPT)) fs.rmSync(file, { force: true });
  }

  private file(key: string): string {
    return path.join(this.dir, `matcher-${key}.bin`);
  }
}

/** `CIVICAST_CACHE_DIR`, else a folder in the system's temporary directory. */
function defaultCacheDir(): string {
  return process.env['CIVICAST_CACHE_DIR'] ?? path.join(os.tmpdir(), 'civicast-cache');
}
