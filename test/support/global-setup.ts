import fs from 'node:fs';
import path from 'node:path';

/** Screenshots, JSONL channel files and logs from tests land here (ignored by git). */
export default function setup(): void {
  fs.mkdirSync(path.resolve('test-output'), { recursive: true });
}
