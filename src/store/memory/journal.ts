import fs from 'node:fs';
import path from 'node:path';

/**
 * An append-only file of JSON lines. Each write goes to the kernel before the call returns
 * (appendFileSync), so a SIGKILL of the process loses nothing that was acknowledged.
 * `compact` rewrites the whole state through a temporary file and an atomic rename.
 */
export class Journal {
  private fd: number | undefined;
  private lines = 0;

  constructor(private readonly file: string) {}

  /** Reads every complete line; a torn last line (killed mid-write) is ignored. */
  replay(apply: (record: unknown) => void): number {
    if (!fs.existsSync(this.file)) return 0;
    const text = fs.readFileSync(this.file, 'utf8');
    let count = 0;
    for (const line of text.split('\n')) {
      if (line.length === 0) continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        continue;
      }
      apply(record);
      count++;
    }
    this.lines = count;
    return count;
  }

  /** The journal holds platform sessions and tokens: 0600, in a 0700 folder when it makes one. */
  open(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    this.fd = fs.openSync(this.file, 'a', 0o600);
    fs.fchmodSync(this.fd, 0o600);
  }

  append(record: unknown): void {
    if (this.fd === undefined) return;
    fs.writeSync(this.fd, JSON.stringify(record) + '\n');
    this.lines++;
  }

  get lineCount(): number {
    return this.lines;
  }

  /** Replaces the journal with `records` (a snapshot of current state). */
  compact(records: Iterable<unknown>): void {
    const tmp = `${this.file}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    fs.fchmodSync(fd, 0o600);
    let count = 0;
    let buffer = '';
    for (const record of records) {
      buffer += JSON.stringify(record) + '\n';
      count++;
      if (buffer.length > 1 << 20) {
        fs.writeSync(fd, buffer);
        buffer = '';
      }
    }
    fs.writeSync(fd, buffer);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    if (this.fd !== undefined) fs.closeSync(this.fd);
    fs.renameSync(tmp, this.file);
    this.fd = fs.openSync(this.file, 'a', 0o600);
    this.lines = count;
  }

  close(): void {
    if (this.fd !== undefined) {
      fs.fsyncSync(this.fd);
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
  }
}
