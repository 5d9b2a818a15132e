import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { testDatabaseUrl, useTestDatabase } from '../support/db';
import { addChannel, addPerson } from '../support/factories';
import { emptyWorkspace, useFakeSlack } from '../support/fakeSlack';
import { TEST_BOT_TOKEN } from '../support/testApp';

describe('weaver sync and weaver departments import', () => {
  const db = useTestDatabase();
  const slack = useFakeSlack();
  const saved = { ...process.env };
  let out: string[];
  let err: string[];

  beforeEach(() => {
    Object.assign(process.env, {
      DATABASE_URL: testDatabaseUrl(),
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_API_URL: slack.url,
      LOG_LEVEL: 'silent',
    });
    out = [];
    err = [];
    jest.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
    jest.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
    const ws = emptyWorkspace('T0TEST');
    addPerson(ws, { id: 'UONE001', name: 'one', email: 'one@corp.test' });
    addPerson(ws, { id: 'UTWO001', name: 'two', email: 'two@corp.test' });
    addChannel(ws, { id: 'CTEAM01', name: 'team-ops', members: ['UONE001'] });
    slack.reset(ws);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...saved };
  });

  it('syncs with department channels from the flags and prints what it found', async () => {
    const code = await main([
      'sync',
      '--days',
      '30',
      '--department-source',
      'channels',
      '--department-channels',
      'team-*',
    ]);
    expect(err.join('\n')).toBe('');
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('people: 2');
    expect(text).toContain('queued the full report: the running app computes it');
    expect(text).toMatch(/ops\s+1\s+from channel/);
    expect(text).toMatch(/Unknown\s+1\s+\(no department found\)/);
    expect((await db()('members').where({ user_id: 'UONE001' }).first()).department).toBe('ops');
  });

  it('rejects a bad flag with a message', async () => {
    expect(await main(['sync', '--department-source', 'astrology'])).toBe(2);
    expect(err.join('\n')).toBe('weaver sync: --department-source must be scim, profile_field, csv or channels');
  });

  it('imports a CSV, keeps the good rows and names the bad lines', async () => {
    expect(await main(['sync'])).toBe(0);
    const file = join(mkdtempSync(join(tmpdir(), 'weaver-')), 'departments.csv');
    writeFileSync(file, 'id,department\none@corp.test,Finance\nUTWO001\nnobody,Ops\n');
    const code = await main(['departments', 'import', file]);
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('1 row(s) applied');
    expect(err.join('\n')).toContain('line 3: expected 2 columns');
    expect(err.join('\n')).toContain('line 4: no person "nobody"');
    expect((await db()('members').where({ user_id: 'UONE001' }).first()).department).toBe('Finance');
  });
});
