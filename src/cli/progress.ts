/** A progress bar on stderr for long imports (only on a terminal; silent in pipes and tests). */
import { SingleBar, Presets } from 'cli-progress';

export function progressBar(label: string, minTotal = 50): { update: (done: number, total: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  let bar: SingleBar | null = null;
  return {
    update(done, total) {
      if (total < minTotal) return;
      if (!bar) {
        bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} files | {eta}s left`, stream: process.stderr }, Presets.shades_classic);
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}
