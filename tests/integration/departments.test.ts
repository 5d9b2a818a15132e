import fc from 'fast-check';
import type { defaultSettings } from '../../src/domain/settings';
import { recomputeChannelKinds } from '../../src/services/channelKinds';
import { importDepartmentsCsv } from '../../src/services/departments';
import { computeLiveReport } from '../../src/services/report';
import { runFullSync } from '../../src/services/sync';
import { webClient } from '../../src/slack/clients';
import { setChannelKindOverride } from '../../src/store/channels';
import { departmentCounts } from '../../src/store/members';
import { saveSettings, settingsFor } from '../../src/store/settings';
import { useTestDatabase } from '../support/db';
import { addChannel, addPerson } from '../support/factories';
import { emptyWorkspace, useFakeSlack, type FakeWorkspace } from '../support/fakeSlack';
import { TEST_BOT_TOKEN, TestClock, testServices } from '../support/testApp';

const T = 'T0TEST';

describe('departments and channel kinds', () => {
  const db = useTestDatabase();
  const slack = useFakeSlack();
  const clock = new TestClock();
  const services = () => testServices(db(), slack, clock);
  const client = () => webClient(TEST_BOT_TOKEN, services().config, services().logger);
  const sync = () => runFullSync(services(), T, client());
  const departments = async () =>
    Object.fromEntries(
      (
        await db()('members').where({ team_id: T, is_bot: false }).select('user_id', 'department', 'department_source')
      ).map((m) => [m.user_id, [m.department, m.department_source]]),
    );
  const kindOf = async (id: string) =>
    db()('channels').where({ team_id: T, channel_id: id }).first('kind', 'kind_reason');

  async function useSource(source: Partial<ReturnType<typeof defaultSettings>['departmentSource']>) {
    const s = await settingsFor(db(), T);
    await saveSettings(db(), T, { ...s, departmentSource: { ...s.departmentSource, ...source } });
  }

  function people(ws: FakeWorkspace): void {
    addPerson(ws, { id: 'UANA001', name: 'ana', email: 'ana@corp.test' });
    addPerson(ws, { id: 'UBEN001', name: 'ben', email: 'ben@corp.test' });
    addPerson(ws, { id: 'UCAT001', name: 'cat', email: 'cat@corp.test' });
    addPerson(ws, { id: 'UDEV001', name: 'dev', email: 'dev@corp.test' });
  }

  it('reads departments from the custom profile field with the chosen label', async () => {
    const ws = emptyWorkspace(T);
    ws.profileFields = [
      { id: 'XfTITLE', label: 'Title', type: 'text' },
      { id: 'XfTEAM', label: 'Team', type: 'text' },
    ];
    people(ws);
    ws.users[0].profile.fields = { XfTEAM: { value: 'Platform', alt: '' }, XfTITLE: { value: 'Engineer', alt: '' } };
    ws.users[1].profile.fields = { XfTEAM: { value: '  Marketing ', alt: '' } };
    ws.users[2].profile.fields = { XfTITLE: { value: 'Boss', alt: '' } };
    slack.reset(ws);
    await useSource({ kind: 'profile_field', profileFieldLabel: 'team' });
    await sync();
    expect(await departments()).toEqual({
      UANA001: ['Platform', 'profile_field'],
      UBEN001: ['Marketing', 'profile_field'],
      UCAT001: [null, null],
      UDEV001: [null, null],
    });
    expect(slack.callsTo('users.profile.get')).toHaveLength(4);
    expect(await departmentCounts(db(), T)).toEqual([
      { department: 'Unknown', source: null, people: 2 },
      { department: 'Marketing', source: 'profile_field', people: 1 },
      { department: 'Platform', source: 'profile_field', people: 1 },
    ]);
  });

  it('imports a CSV by user id, email and username, keeps good rows and reports bad ones by line number', async () => {
    const ws = emptyWorkspace(T);
    people(ws);
    slack.reset(ws);
    await useSource({ kind: 'csv' });
    await sync();
    const csv = [
      'id,department', // 1: header
      'UANA001,Research', // 2
      'ben@corp.test,Support', // 3
      '@cat,Legal', // 4
      'UNOBODY1,Sales', // 5: unknown person
      'ghost@corp.test,Sales', // 6: unknown email
      'dev', // 7: one column
      ',Ops', // 8: empty id
      'dev,', // 9: empty department
      '', // blank line: skipped
      'dev,Ops,extra', // 11: three columns
    ].join('\n');
    const result = await importDepartmentsCsv(services(), T, csv, client());
    expect(result.matched).toBe(3);
    expect(result.unknown).toEqual([
      { line: 5, id: 'UNOBODY1' },
      { line: 6, id: 'ghost@corp.test' },
    ]);
    expect(result.bad.map((b) => b.line)).toEqual([7, 8, 9, 11]);
    expect(result.bad[0].reason).toContain('expected 2 columns');
    expect(await departments()).toEqual({
      UANA001: ['Research', 'csv'],
      UBEN001: ['Support', 'csv'],
      UCAT001: ['Legal', 'csv'],
      UDEV001: [null, null],
    });
    // Emails were only looked up: members have no column to keep them in.
    expect(await db().schema.hasColumn('members', 'email')).toBe(false);
    // CSV is now the source: a later sync keeps the imported departments.
    expect((await settingsFor(db(), T)).departmentSource.kind).toBe('csv');
    await sync();
    expect((await departments()).UANA001).toEqual(['Research', 'csv']);
  });

  it('imports fuzzed department CSVs without crashing: valid rows applied, every other line reported by number', async () => {
    const ws = emptyWorkspace(T);
    people(ws);
    slack.reset(ws);
    await sync();
    const known = ['UANA001', 'UBEN001', 'UCAT001', 'UDEV001'];
    const valid = fc.record({
      id: fc.constantFrom(...known),
      department: fc.stringMatching(/^[A-Za-z][A-Za-z &-]{0,20}[A-Za-z]$/),
    });
    const junk = fc
      .oneof(
        fc.string({ maxLength: 30 }),
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.constantFrom('"', '"UANA001,Ops', 'UANA001,"Ops', 'UANA001,', ',Ops', 'a,b,c', `UANA001,${'x'.repeat(90)}`),
      )
      .map((t) => t.replace(/[\r\n]/g, ' '));
    const line = fc.oneof(
      valid.map((v) => ({ valid: v, text: `${v.id},${v.department}` })),
      junk.map((text) => ({ valid: undefined, text })),
    );
    const samples = fc.sample(fc.array(line, { minLength: 1, maxLength: 25 }), 15);
    for (const lines of samples) {
      const result = await importDepartmentsCsv(
        services(),
        T,
        ['id,department', ...lines.map((l) => l.text)].join('\n'),
        client(),
      );
      const nonBlank = lines.filter((l) => l.text.trim() !== '').length;
      expect(result.matched + result.unknown.length + result.bad.length).toBe(nonBlank);
      const validLines = new Set(lines.flatMap((l, i) => (l.valid ? [i + 2] : [])));
      for (const b of [...result.bad, ...result.unknown]) expect(validLines.has(b.line)).toBe(false);
      // the last valid row of each person wins, unless a later junk line happens to be valid too
      const lastValid = new Map<string, { department: string; index: number }>();
      lines.forEach((l, index) => {
        if (l.valid) lastValid.set(l.valid.id, { department: l.valid.department, index });
      });
      const now = await departments();
      for (const [id, { department, index }] of lastValid) {
        const laterJunkNamesThem = lines.slice(index + 1).some((l) => !l.valid && l.text.includes(','));
        if (!laterJunkNamesThem) expect(now[id]).toEqual([department, 'csv']);
      }
    }
  });

  it('takes departments from department channels, the smallest channel winning a tie, and Unknown for the rest', async () => {
    const ws = emptyWorkspace(T);
    people(ws);
    addChannel(ws, { id: 'CENG001', name: 'team-engineering', members: ['UANA001', 'UBEN001', 'UCAT001'] });
    addChannel(ws, { id: 'CPAY001', name: 'team-payments', members: ['UANA001', 'UCAT001'] });
    addChannel(ws, { id: 'CAAA001', name: 'team-aardvark', members: ['UCAT001', 'UBEN001'] });
    addChannel(ws, { id: 'CCHAT01', name: 'chatter', members: ['UDEV001', 'UANA001'] });
    slack.reset(ws);
    await useSource({ kind: 'channels', channelPattern: 'team-*' });
    await sync();
    expect(await departments()).toEqual({
      UANA001: ['payments', 'channel'], // 3-member engineering vs 2-member payments: the smaller wins
      UBEN001: ['aardvark', 'channel'],
      UCAT001: ['aardvark', 'channel'], // payments and aardvark both have 2: alphabetical
      UDEV001: [null, null], // in no department channel: Unknown
    });
  });

  it('gives every channel a kind by the rules in order, with the reason stored', async () => {
    const ws = emptyWorkspace(T);
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1)
      ids.push(addPerson(ws, { id: `UK${String(i).padStart(5, '0')}`, department: i < 10 ? 'Ops' : 'Sales' }).id);
    addChannel(ws, { id: 'CLEAD01', name: 'team-lunch', members: ids.slice(0, 4) });
    addChannel(ws, { id: 'CLEARN1', name: 'learn-go', members: ids.slice(0, 4) });
    addChannel(ws, { id: 'CDEPT01', name: 'dept-ops', members: ids.slice(10, 14) });
    addChannel(ws, { id: 'CANN001', name: 'announcements', members: ids.slice(0, 2) });
    addChannel(ws, { id: 'CEVERY1', name: 'watercooler', members: ids.slice(0, 19) });
    addChannel(ws, { id: 'COPS001', name: 'oncall', members: [...ids.slice(0, 8), ids[15]] });
    addChannel(ws, { id: 'CMIX001', name: 'books', members: [ids[0], ids[1], ids[12], ids[13]] });
    slack.reset(ws);
    await sync();
    await setChannelKindOverride(db(), T, 'CLEAD01', 'purpose', clock.now());
    await recomputeChannelKinds(services(), T);
    expect(await kindOf('CLEAD01')).toEqual({ kind: 'purpose', kind_reason: 'set by a lead' });
    expect(await kindOf('CLEARN1')).toEqual({ kind: 'purpose', kind_reason: 'name matches purpose pattern "learn-*"' });
    expect(await kindOf('CDEPT01')).toEqual({
      kind: 'department',
      kind_reason: 'name matches department pattern "dept-*"',
    });
    expect(await kindOf('CANN001')).toEqual({
      kind: 'broadcast',
      kind_reason: 'name matches broadcast pattern "announce*"',
    });
    expect(await kindOf('CEVERY1')).toEqual({ kind: 'broadcast', kind_reason: 'has 95% of active people (≥ 90%)' });
    expect(await kindOf('COPS001')).toEqual({ kind: 'department', kind_reason: '89% of members are in Ops (≥ 80%)' });
    expect(await kindOf('CMIX001')).toEqual({
      kind: 'other',
      kind_reason: 'no rule matched: 4 members (a purpose channel needs 5)',
    });
    // Changing the rules and recomputing changes the kind.
    const s = await settingsFor(db(), T);
    await saveSettings(db(), T, {
      ...s,
      channelKinds: { ...s.channelKinds, purpose: [...s.channelKinds.purpose, 'books'] },
    });
    await recomputeChannelKinds(services(), T);
    expect(await kindOf('CMIX001')).toEqual({ kind: 'purpose', kind_reason: 'name matches purpose pattern "books"' });
  });

  it('infers a purpose channel from talk across departments in it, stores the reason, and the report shows it', async () => {
    const ws = emptyWorkspace(T);
    const ids: string[] = [];
    const depts = ['Ops', 'Sales', 'Design'];
    for (let i = 0; i < 30; i += 1)
      ids.push(addPerson(ws, { id: `UP${String(i).padStart(5, '0')}`, department: depts[i % 3] }).id);
    // ids[0], [1], [2] are Ops, Sales, Design; the same for [3], [4], [5] and so on
    const mixed = ids.slice(0, 9);
    addChannel(ws, { id: 'CML0001', name: 'machine-vision', members: mixed, purpose: 'A place to learn ML' });
    addChannel(ws, { id: 'CPROJ01', name: 'proj-apollo', members: mixed });
    addChannel(ws, { id: 'CQUIET1', name: 'quiet-corner', members: mixed });
    addChannel(ws, { id: 'CEMPTY1', name: 'team-d3', members: [] });
    slack.reset(ws);
    await sync();
    const day = clock.now().toISOString().slice(0, 10);
    const talk = (channel: string, pairs: [number, number][]) =>
      db()('interactions').insert(
        pairs.map(([a, b]) => ({
          team_id: T,
          day,
          channel_id: channel,
          actor_id: ids[a],
          target_id: ids[b],
          kind: 'mention',
          count: 1,
        })),
      );
    // four pairs across departments and one inside Ops (ids 0 and 3)
    const pairs: [number, number][] = [
      [0, 1],
      [1, 2],
      [2, 3],
      [4, 5],
      [0, 3],
    ];
    await talk('CML0001', pairs);
    await talk('CPROJ01', pairs);
    // talk is counted once a day, before the report snapshot (and after an export import)
    await recomputeChannelKinds(services(), T, undefined, { countTalk: true });
    const row = (id: string) =>
      db()('channels').where({ team_id: T, channel_id: id }).first('kind', 'kind_reason', 'kind_inferred');
    expect(await row('CML0001')).toEqual({
      kind: 'purpose',
      kind_reason: 'members from 3 departments, 4 cross-department ties here; purpose: "A place to learn ML"',
      kind_inferred: true,
    });
    expect(await row('CPROJ01')).toEqual({
      kind: 'other',
      kind_reason: 'name matches project pattern "proj-*": never purpose',
      kind_inferred: false,
    });
    expect((await row('CQUIET1'))?.kind_reason).toBe(
      'no rule matched: members from 3 departments, 0 cross-department ties here (a purpose channel needs 3, or 1 and a purpose word)',
    );
    expect(await row('CEMPTY1')).toEqual({ kind: 'other', kind_reason: 'no members', kind_inferred: false });

    const report = await computeLiveReport(services(), T);
    const channel = (name: string) => report.channels.find((c) => c.name === name);
    expect(channel('machine-vision')).toMatchObject({
      kind: 'purpose',
      kindReason: expect.stringMatching(/^members from 3/),
    });
    expect(channel('team-d3')).toMatchObject({ kind: 'other', kindReason: 'no members' });
    expect(report.data.channels).toMatchObject({ purpose: 1, department: 0, inferred: 1 });
  });
});
