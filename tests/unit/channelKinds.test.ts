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

  it('calls a channel broadcast when nearly everyone is in it, even one named like a social channel', () => {
    const d = classifyChannel(
      { name: 'random', departmentCounts: { A: 50, B: 46 }, memberCount: 96, activePeople: 100 },
      rules,
    );
    expect(d).toEqual({ kind: 'broadcast', reason: 'has 96% of active people (≥ 90%)', inferred: true });
  });

  it('leaves a mixed channel without talk across departments as other, saying what it lacks', () => {
    expect(
      classifyChannel(
        { name: 'lunch', departmentCounts: { A: 3, B: 3 }, memberCount: 6, activePeople: 100, ties: 4, crossTies: 1 },
        rules,
      ),
    ).toEqual({
      kind: 'other',
      reason:
        'no rule matched: members from 2 departments, 1 cross-department tie here (a purpose channel needs 3, or 1 and a purpose word)',
      inferred: false,
    });
  });

  it('matches patterns case-insensitively and on the whole name', () => {
    expect(globToRegExp('team-*').test('Team-Eng')).toBe(true);
    expect(globToRegExp('team-*').test('my-team-eng')).toBe(false);
    expect(globToRegExp('announce*').test('announcements')).toBe(true);
  });
});

/** A channel of 12 people out of 100, with members of four departments (a hand-made organisation). */
const mixed = {
  departmentCounts: { Engineering: 4, Sales: 3, Finance: 3, Design: 2 },
  memberCount: 12,
  activePeople: 100,
};

describe('purpose channels inferred from who is in them and talks there', () => {
  it('calls a chosen channel where departments talk a purpose channel, with the counts and its purpose', () => {
    const d = classifyChannel(
      { name: 'machine-vision', ...mixed, ties: 40, crossTies: 37, purpose: 'A place to learn ML' },
      rules,
      { minMembers: 5, departmentsUsable: true },
    );
    expect(d).toEqual({
      kind: 'purpose',
      reason: 'members from 4 departments, 37 cross-department ties here; purpose: "A place to learn ML"',
      inferred: true,
    });
  });

  it('needs no purpose word when enough cross-department ties happen in the channel', () => {
    const d = classifyChannel({ name: 'dsa-graphs', ...mixed, ties: 9, crossTies: 5 }, rules, {
      departmentsUsable: true,
    });
    expect(d).toEqual({
      kind: 'purpose',
      reason: 'members from 4 departments, 5 cross-department ties here',
      inferred: true,
    });
  });

  it('takes one cross-department tie as enough when the name says people learn there', () => {
    const d = classifyChannel({ name: 'study-group', ...mixed, ties: 3, crossTies: 1 }, rules, {
      departmentsUsable: true,
    });
    expect(d).toMatchObject({
      kind: 'purpose',
      reason: 'members from 4 departments, 1 cross-department tie here; name word "study"',
    });
  });

  it('reads the topic when the name and purpose say nothing', () => {
    const d = classifyChannel({ name: 'x42', ...mixed, ties: 2, crossTies: 2, topic: 'Weekly SQL questions' }, rules);
    expect(d.reason).toBe('members from 4 departments, 2 cross-department ties here; topic: "Weekly SQL questions"');
  });

  it('never infers purpose for a channel smaller than the privacy threshold', () => {
    const d = classifyChannel(
      {
        name: 'learning-rust',
        departmentCounts: { A: 2, B: 2 },
        memberCount: 4,
        activePeople: 100,
        ties: 6,
        crossTies: 4,
      },
      rules,
      { minMembers: 5 },
    );
    expect(d).toEqual({
      kind: 'other',
      reason: 'no rule matched: 4 members (a purpose channel needs 5)',
      inferred: false,
    });
  });

  it('does not take a channel most people are in for one they chose', () => {
    const d = classifyChannel(
      {
        name: 'help-desk',
        departmentCounts: { A: 40, B: 30 },
        memberCount: 70,
        activePeople: 100,
        ties: 300,
        crossTies: 200,
      },
      rules,
    );
    expect(d).toEqual({
      kind: 'other',
      reason: 'no rule matched: holds 70% of active people (chosen channels hold at most 60%)',
      inferred: false,
    });
  });

  it('keeps project, incident, alert and social channels other, whatever their talk', () => {
    const talk = { ...mixed, ties: 50, crossTies: 40 };
    expect(classifyChannel({ name: 'proj-apollo', ...talk }, rules)).toEqual({
      kind: 'other',
      reason: 'name matches project pattern "proj-*": never purpose',
      inferred: false,
    });
    expect(classifyChannel({ name: 'incident-2041', ...talk }, rules).reason).toBe(
      'name matches incident pattern "incident*": never purpose',
    );
    expect(classifyChannel({ name: 'alerts-prod', ...talk }, rules).reason).toBe(
      'name matches alert pattern "alert*": never purpose',
    );
    expect(classifyChannel({ name: 'fun-pets', ...talk, purpose: 'a club for pet lovers' }, rules).reason).toBe(
      'name matches social pattern "fun-*": never purpose',
    );
  });

  it('without usable departments, decides from chosen membership and words, and says so', () => {
    const context = { minMembers: 5, departmentsUsable: false };
    const feedback = classifyChannel(
      {
        name: 'get_feedback',
        memberCount: 13,
        activePeople: 70,
        ties: 6,
        crossTies: 0,
        purpose: 'get feedback on something you’re working on',
      },
      rules,
      context,
    );
    expect(feedback).toEqual({
      kind: 'purpose',
      reason:
        'chosen by 13 of 70 people (19%), 6 ties here; purpose: "get feedback on something you’re working on"; departments not usable, so decided without them',
      inferred: true,
    });
    const jam = classifyChannel(
      { name: 'datajam', memberCount: 26, activePeople: 70, ties: 30, crossTies: 0 },
      rules,
      context,
    );
    expect(jam).toEqual({
      kind: 'other',
      reason: 'no rule matched: no purpose word in its name, purpose or topic (departments not usable)',
      inferred: false,
    });
  });

  it('never counts a channel nobody is in, whatever its name or a lead chose', () => {
    expect(classifyChannel({ name: 'team-d3', memberCount: 0, activePeople: 70 }, rules)).toEqual({
      kind: 'other',
      reason: 'no members',
      inferred: false,
    });
    expect(classifyChannel({ name: 'guild-x', override: 'purpose', memberCount: 0 }, rules)).toEqual({
      kind: 'other',
      reason: "no members (the lead's choice purpose applies once people join)",
      inferred: false,
    });
  });
});
