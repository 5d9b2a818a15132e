import { classifyChannel, globToRegExp } from '../../src/domain/channelKinds';
import { defaultSettings } from '../../src/domain/settings';

const rules = defaultSettings().channelKinds;

describe('channel kinds', () => {
  it('lets a lead override every rule', () => {
    expect(classifyChannel({ name: 'team-sales', override: 'purpose' }, rules)).toMatchObject({
      kind: 'purpose',
      reason: 'set by a lead',
    });
  });

  it('classifies by name pattern, purpose first', () => {
    expect(classifyChannel({ name: 'cop-data' }, rules)).toMatchObject({
      kind: 'purpose',
      reason: 'name matches purpose pattern "cop-*"',
    });
    expect(classifyChannel({ name: 'team-finance' }, rules).kind).toBe('department');
    expect(classifyChannel({ name: 'announcements' }, rules).kind).toBe('broadcast');
    expect(classifyChannel({ name: 'general' }, rules).kind).toBe('broadcast');
  });

  it('calls a channel departmental when nearly all its members are in one department', () => {
    const d = classifyChannel(
      { name: 'payments-squad', departmentCounts: { Finance: 9, Sales: 1 }, memberCount: 12, activePeople: 200 },
      rules,
    );
    expect(d).toEqual({ kind: 'department', reason: '90% of members are in Finance (≥ 80%)', inferred: true });
  });

  it('calls a channel broadcast when nearly everyone is in it', () => {
    const d = classifyChannel(
      { name: 'random', departmentCounts: { A: 50, B: 46 }, memberCount: 96, activePeople: 100 },
      rules,
    );
    expect(d.kind).toBe('broadcast');
  });

  it('leaves a mixed channel as other', () => {
    expect(
      classifyChannel({ name: 'lunch', departmentCounts: { A: 3, B: 3 }, memberCount: 6, activePeople: 100 }, rules),
    ).toEqual({ kind: 'other', reason: 'no rule matched', inferred: false });
  });

  it('matches patterns case-insensitively and on the whole name', () => {
    expect(globToRegExp('team-*').test('Team-Eng')).toBe(true);
    expect(globToRegExp('team-*').test('my-team-eng')).toBe(false);
    expect(globToRegExp('announce*').test('announcements')).toBe(true);
  });
});
