import fs from 'node:fs';
import path from 'node:path';

/** Where a running service tells local CLI invocations how to reach it. */
export interface RuntimeInfo {
  url: string;
  token: string;
  pid: number;
  startedAt: string;
}

export function runtimeFilePath(dir: string): string {
  return path.join(dir, 'admin.json');
}

/**
 * Written 0600 in a 0700 directory: it holds the admin token. Modes are set explicitly, since a
 * mode given at creation is narrowed by the umask and ignored for files that already exist.
 */
export function writeRuntimeInfo(dir: string, info: RuntimeInfo): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const file = runtimeFilePath(dir);
  fs.rmSync(`${file}.tmp`, { force: true });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(info, null, 2), { mode: 0o600, flag: 'wx' });
  fs.chmodSync(`${file}.tmp`, 0o600);
  fs.renameSync(`${file}.tmp`, file);
}

export function readRuntimeInfo(dir: string): RuntimeInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(runtimeFilePath(dir), 'utf8')) as RuntimeInfo;
  } catch {
    return undefined;
  }
}

export function removeRuntimeInfo(dir: string, pid: number): void {
  const info = readRuntimeInfo(dir);
  if (info?.pid === pid) fs.rmSync(runtimeFilePath(dir), { force: true });
}
