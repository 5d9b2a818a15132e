import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/logger';
import { EventJournal, type JournalRecord, JournalRefusal } from '../../src/slack/eventJournal';

const logger = createLogger('silent');

function envelope(i: number): { json: string; body: Record<string, unknown> } {
  const body = { type: 'event_callback', event_id: `Ev${i}`, event: { type: 'message', text: `line\nbreak ${i}` } };
  return { json: JSON.stringify(body, null, 1), body }; // pretty-printed: raw newlines as JSON whitespace
}

describe('the event journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'journal-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives each appended record its number once it is on disk, and reads them back in order after a restart', async () => {
    const first = EventJournal.open({ dir, maxBytes: 1e6, logger });
    const seqs = await Promise.all(Array.from({ length: 50 }, (_, i) => first.append(envelope(i))));
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i));
    await first.close();
    const again = EventJournal.open({ dir, maxBytes: 1e6, logger });
    const read = await again.readFrom(0, 100);
    expect(read.map((r) => r.body.event_id)).toEqual(Array.from({ length: 50 }, (_, i) => `Ev${i}`));
    expect((read[3].body.event as { text: string }).text).toBe('line\nbreak 3');
    expect(again.held).toBe(50);
    expect(again.firstOwnSeq).toBe(50);
    await again.close();
  });

  it('hands durable records to its listener in groups, in order, and forgets processed ones after a restart', async () => {
    const journal = EventJournal.open({ dir, maxBytes: 1e6, logger });
    const heard: JournalRecord[] = [];
    journal.onDurable((records) => heard.push(...records));
    await Promise.all(Array.from({ length: 20 }, (_, i) => journal.append(envelope(i))));
    expect(heard.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    for (const seq of [2, 0, 1, 3, 5]) journal.finished(seq); // out of order: 0-3 are done, 5 waits for 4
    expect(journal.firstUnprocessed).toBe(4);
    expect(journal.held).toBe(15);
    await journal.close();
    const again = EventJournal.open({ dir, maxBytes: 1e6, logger });
    expect((await again.readFrom(again.firstUnprocessed, 100)).map((r) => r.seq)[0]).toBe(4);
    await again.close();
  });

  it('refuses an append past its size cap, and takes appends again once processed segments are deleted', async () => {
    const journal = EventJournal.open({ dir, maxBytes: 4_000, segmentBytes: 1_000, logger });
    let refused: unknown;
    const taken: number[] = [];
    for (let i = 0; i < 100 && !refused; i += 1) {
      await journal.append(envelope(i)).then(
        (seq) => taken.push(seq),
        (err) => (refused = err),
      );
    }
    expect(refused).toBeInstanceOf(JournalRefusal);
    expect((refused as JournalRefusal).reason).toBe('full');
    expect(journal.accepting).toBe(false);
    for (const seq of taken) journal.finished(seq);
    journal.checkpoint();
    expect(journal.bytes).toBeLessThan(1_200); // only the segment being written is left
    await expect(journal.append(envelope(1000))).resolves.toBe(taken.length);
    await journal.close();
  });

  it('drops a torn last record (a crash mid-write, never acked) and appends after the last whole one', async () => {
    const journal = EventJournal.open({ dir, maxBytes: 1e6, logger });
    await Promise.all([0, 1, 2].map((i) => journal.append(envelope(i))));
    await journal.close();
    const [segment] = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
    appendFileSync(path.join(dir, segment), '{"s":3,"b":{"type":"event_cal');
    const again = EventJournal.open({ dir, maxBytes: 1e6, logger });
    expect(await again.append(envelope(3))).toBe(3);
    expect((await again.readFrom(0, 10)).map((r) => r.body.event_id)).toEqual(['Ev0', 'Ev1', 'Ev2', 'Ev3']);
    await again.close();
    expect(readFileSync(path.join(dir, segment), 'utf8')).not.toContain('event_cal"');
  });

  it('reads a backlog larger than one read, across segments', async () => {
    const journal = EventJournal.open({ dir, maxBytes: 1e8, segmentBytes: 20_000, logger });
    for (let group = 0; group < 20; group += 1) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => journal.append(envelope(group * 100 + i))));
    }
    const seen: number[] = [];
    for (let seq = 0; seq < 2_000; ) {
      const batch = await journal.readFrom(seq, 300);
      expect(batch.length).toBeGreaterThan(0);
      for (const r of batch) seen.push(r.seq);
      seq = batch.at(-1)!.seq + 1;
    }
    expect(seen).toEqual(Array.from({ length: 2_000 }, (_, i) => i));
    expect(readdirSync(dir).filter((f) => f.endsWith('.jsonl')).length).toBeGreaterThan(5);
    await journal.close();
  });
});
