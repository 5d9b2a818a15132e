/**
 * One Weaver process owns an embedded data folder at a time: `<folder>/weaver.lock` names it (pid and command).
 * The lock is taken before anything else in the folder is written, so two starts racing on a new folder
 * cannot both run initdb or write the password file. A lock left by a process that died is taken over.
 */
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface FolderHolder {
  pid: number;
  /** the weaver command line of the holder, e.g. "start" */
  command: string;
}

export interface FolderLock {
  release(): void;
}

export type LockAttempt = { lock: FolderLock; holder?: undefined } | { lock?: undefined; holder: FolderHolder };

/** Whether a process exists (EPERM: it does, but belongs to another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): FolderHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<FolderHolder>;
    if (typeof parsed.pid === 'number') return { pid: parsed.pid, command: String(parsed.command ?? '') };
  } catch {
    // missing, or not ours: treated as no holder
  }
  return undefined;
}

/** Creates `file` with `content` only if it does not exist; the content is complete the moment it appears. */
function createExclusive(file: string, content: string): boolean {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode: 0o644 });
  try {
    linkSync(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(temp);
  }
}

/** Tries to take the folder's lock once; `holder` names the live process that has it. */
export function lockDataFolder(root: string, command = process.argv.slice(2).join(' ')): LockAttempt {
  const file = path.join(root, 'weaver.lock');
  const breaker = `${file}.breaking`;
  const content = JSON.stringify({ pid: process.pid, command, since: new Date().toISOString() });
  for (let attempt = 0; attempt < 20; attempt += 1) {
    if (createExclusive(file, content)) {
      return {
        lock: {
          release() {
            if (readHolder(file)?.pid === process.pid) unlinkSync(file);
          },
        },
      };
    }
    const holder = readHolder(file);
    if (holder && (holder.pid === process.pid || processAlive(holder.pid))) return { holder };
    // Stale (its process died). Only one taker may remove it, or a second taker could remove the
    // first one's fresh lock: removal happens under a short-lived breaker file (stale after 10 s).
    try {
      if (Date.now() - statSync(breaker).mtimeMs > 10_000) unlinkSync(breaker);
    } catch {
      // no breaker file
    }
    if (createExclusive(breaker, content)) {
      try {
        const again = readHolder(file);
        if (!again || (again.pid === holder?.pid && !processAlive(again.pid))) unlinkSync(file);
      } catch {
        // already gone
      } finally {
        unlinkSync(breaker);
      }
    } else {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
  const holder = readHolder(file);
  if (holder) return { holder };
  throw new Error(`could not take the lock ${file}`);
}
