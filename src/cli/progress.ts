/** A progress bar on stderr for long imports (only on a terminal; silent in pipes and tests). */
import { MultiBar, SingleBar, Presets } from 'cli-progress';
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
 * The sync's progress as bars on a terminal, one line per phase; phases running at once (the
 * sync's people and channels, see `lane`) show their bars together. Total 0 means "not known in
 * advance" (paginated lists): the bar's total follows the count.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  let multi: MultiBar | undefined;
  const running = new Set<SingleBar>();
  const lane = (): Progress => {
    let bar: SingleBar | undefined;
    let open = false;
    let value = 0;
    const stop = () => {
      if (!bar) return;
      bar.stop();
      running.delete(bar);
      bar = undefined;
      if (!running.size) {
        multi?.stop();
        multi = undefined;
      }
    };
    return {
      start(phase, total) {
        stop();
        open = total === 0;
        value = 0;
        multi ??= new MultiBar(
          { format: '{phase} [{bar}] {value}/{total}', stream, hideCursor: true },
          Presets.shades_classic,
        );
        bar = multi.create(total, 0, { phase: phase.padEnd(18) });
        running.add(bar);
      },
      advance(by = 1) {
        value += by;
        if (open) bar?.setTotal(value);
        bar?.update(value);
      },
      stop,
      lane,
    };
  };
  return lane();
}
