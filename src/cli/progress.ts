/** A progress bar on stderr for long imports (only on a terminal; silent in pipes and tests). */
import { SingleBar, Presets } from 'cli-progress';
import type { Progress } from '../services/sync/progress';

export function progressBar(
  label: string,
  minTotal = 50,
): { update: (done: number, total: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  let bar: SingleBar | null = null;
  return {
    update(done, total) {
      if (total < minTotal) return;
      if (!bar) {
        bar = new SingleBar(
          { format: `${label} [{bar}] {percentage}% | {value}/{total} files | {eta}s left`, stream: process.stderr },
          Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}

/**
 * The sync's progress as a bar on a terminal. Total 0 means "not known in advance" (paginated
 * lists): the bar's total follows the count.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  let bar: SingleBar | undefined;
  let open = false;
  let value = 0;
  return {
    start(phase, total) {
      bar?.stop();
      open = total === 0;
      value = 0;
      bar = new SingleBar(
        { format: `${phase.padEnd(18)} [{bar}] {value}/{total}`, stream, hideCursor: true },
        Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    advance(by = 1) {
      value += by;
      if (open) bar?.setTotal(value);
      bar?.update(value);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
