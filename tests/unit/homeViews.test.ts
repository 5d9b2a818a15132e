import { leadDashboard, type LiveCounts } from '../../src/domain/dashboard';
import { introFunnel } from '../../src/domain/introductions/funnel';
import { defaultSettings } from '../../src/domain/settings';
import { ACTIONS } from '../../src/views/actionIds';
import { homeView, type MemberPageModel } from '../../src/views/home';
import { DEPARTMENTS_PER_PAGE } from '../../src/views/home/leadView';
import { settingsWith } from '../../src/services/home/settings';
import { settingsForm } from '../../src/slack/listeners/views/settings';
import { advancedSettingsModal, settingsModal, SETTINGS_FIELDS } from '../../src/views/settingsModal';
import { blockKitViolations } from '../support/blockKitLimits';
import { scaledSiloReport } from '../support/siloReports';
import type { SiloReport } from '../../src/domain/silos/types';
import { channelDraftText } from '../../src/views/home/notices';

const long = (prefix: string, n: number) => `${prefix} ${'x'.repeat(n)}`;

/** A workspace of 100,000 people in 300 departments, with every list far longer than fits. */
function hugeReport(): SiloReport {
  const report = scaledSiloReport({
    departments: 300,
    size: 333,
    channels: 5000,
    bridges: 2000,
    communities: 500,
    communityDepartments: 50,
  });
  const name = (i: number) => long(`Department ${i} with a very long name`, 200);
  const renamed = new Map(report.departments.map((d, i) => [d.name, name(i)]));
  const rename = (n: string) => renamed.get(n) ?? n;
  return {
    ...report,
    org: { ...report.org, members: 100_000 },
    departments: report.departments.map((d) => ({ ...d, name: rename(d.name) })),
    channels: report.channels.map((c, i) => ({
      ...c,
      name: long(`cop-${i}`, 70),
      dominantDepartment: rename(c.dominantDepartment ?? ''),
    })),
    missingBridges: report.missingBridges.map((m) => ({ ...m, a: rename(m.a), b: rename(m.b) })),
    communities: report.communities.map((c) => ({
      ...c,
      departments: c.departments.map((d) => ({ ...d, name: rename(d.name) })),
    })),
  };
}

const live: LiveCounts = {
  activeMembers: 100_000,
  membersWithPassions: 61_234,
  introsAccepted: 12_000,
  introsMet: 8_000,
  funnel: introFunnel({
    now: new Date('2026-11-20T00:00:00Z'),
    threshold: 5,
    rounds: Array.from({ length: 100 }, (_, i) => ({
      period: `2026-W${String(i).padStart(2, '0')}-${'y'.repeat(40)}`,
      createdAt: new Date(Date.UTC(2026, 10, 19) - i * 86_400_000),
      intros: Array.from({ length: 50 }, (_, j) => ({
        status: 'accepted',
        outcome: 'met',
        bridgesMissing: j % 2 === 0,
        members: [`U${i}a${j}`, `U${i}b${j}`],
      })),
      introducedPairs: { total: 50, tied: 20 },
      comparisonPairs: { total: 200, tied: 10 },
    })),
  }),
};

function hugeMember(): MemberPageModel {
  return {
    userId: 'U0HUGE',
    frequency: 'less',
    notifyNoMatch: true,
    optedOut: false,
    pausedUntil: null,
    passions: {
      tags: Array.from({ length: 1000 }, (_, i) => long(`passion ${i}`, 300)),
      teach: Array.from({ length: 1000 }, (_, i) => long(`teach ${i}`, 300)),
      learn: Array.from({ length: 1000 }, (_, i) => long(`learn ${i}`, 300)),
    },
    pending: {
      introId: 42,
      others: Array.from({ length: 50 }, (_, i) => ({ userId: `U${i}`, department: long('Dept', 200) })),
      told: Array.from({ length: 50 }, (_, i) => ({
        userId: `U${i}`,
        shared: Array.from({ length: 10 }, (_, j) => long(`shared ${j}`, 200)),
        theyCanTeachYou: [long('teach', 300)],
        youCanTeachThem: [],
      })),
    },
    recent: Array.from({ length: 100 }, (_, i) => ({
      introId: i,
      others: Array.from({ length: 30 }, (_, j) => `U${j}`),
      status: 'accepted',
      myResponse: 'accepted',
      outcome: 'met',
      day: '2026-11-01',
    })),
    discover: Array.from({ length: 100 }, (_, i) => ({
      channelId: `C${i}`,
      name: long(`interest-${i}`, 80),
      purpose: long('purpose', 5000),
      kindred: 1000,
    })),
    blocked: Array.from({ length: 500 }, (_, i) => `U0BLOCK${i}`),
  };
}

describe('Home views stay within Block Kit limits whatever the data size', () => {
  const dashboard = leadDashboard(
    { day: '2026-11-16', report: hugeReport() },
    { day: '2026-11-15', report: hugeReport() },
    5,
    live,
  );

  it('keeps the lead view of 100,000 people and 300 departments within every limit, on every page', () => {
    expect(dashboard.departments).toHaveLength(300);
    for (const page of [0, 5, 11, 99]) {
      const view = homeView({
        userId: 'U0LEAD',
        isLead: true,
        mode: 'lead',
        member: hugeMember(),
        lead: { dashboard, page, chartFileId: 'F123', notice: long('notice', 5000) },
      });
      expect(blockKitViolations(view)).toEqual([]);
      expect(JSON.stringify(view)).toContain('Silo report');
    }
  });

  it('keeps the member page within every limit with thousands of passions, intros and channels', () => {
    const view = homeView({ userId: 'U0HUGE', isLead: true, mode: 'member', member: hugeMember(), lead: null });
    expect(blockKitViolations(view)).toEqual([]);
    expect(JSON.stringify(view)).toContain(ACTIONS.introAccept);
  });

  it('keeps the settings modal within every limit, with long pattern lists and many overrides', () => {
    const settings = {
      ...defaultSettings(),
      leads: Array.from({ length: 100 }, (_, i) => `U${String(i).padStart(4, '0')}`),
    };
    const advanced = advancedSettingsModal(
      settings,
      Array.from({ length: 20 }, (_, i) => ({ name: long(`channel-${i}`, 70), kind: 'purpose' })),
      5000,
    );
    expect(blockKitViolations(advanced)).toEqual([]);
    expect(blockKitViolations(settingsModal(settings))).toEqual([]);
  });
});

describe('the lead view', () => {
  const report = hugeReport();
  const dashboard = leadDashboard({ day: '2026-11-16', report }, null, 5, live);
  const leadView = (page: number) =>
    homeView({
      userId: 'U0LEAD',
      isLead: true,
      mode: 'lead',
      member: hugeMember(),
      lead: { dashboard, page, chartFileId: null, notice: null },
    });

  it('pages the departments table with Next and Previous', () => {
    const first = JSON.stringify(leadView(0));
    expect(first).toContain('page 1 of 12');
    expect(first).toContain(`${ACTIONS.homeDepartmentsPage}.next`);
    expect(first).not.toContain(`${ACTIONS.homeDepartmentsPage}.prev`);
    const second = JSON.stringify(leadView(1));
    expect(second).toContain('page 2 of 12');
    expect(second).toContain(`${ACTIONS.homeDepartmentsPage}.prev`);
    const last = JSON.stringify(leadView(11));
    expect(last).not.toContain(`${ACTIONS.homeDepartmentsPage}.next`);
    // a department on page 2 is not on page 1
    const onSecond = `${dashboard.departments[DEPARTMENTS_PER_PAGE].name.split(' with')[0]} with`;
    expect(second).toContain(onSecond);
    expect(first).not.toContain(onSecond);
  });

  it('is not shown to a non-lead even when asked for', () => {
    const view = homeView({
      userId: 'U0MEMBER',
      isLead: false,
      mode: 'lead',
      member: hugeMember(),
      lead: { dashboard, page: 0, chartFileId: null, notice: null },
    });
    const json = JSON.stringify(view);
    expect(json).not.toContain('Silo report');
    expect(json).not.toContain(ACTIONS.homeToggleLead);
  });
});

describe('the settings modal', () => {
  it('has an input for every setting, on one of its two pages, and reads them back unchanged', () => {
    const settings = defaultSettings();
    const pages = [settingsModal(settings), advancedSettingsModal(settings, [], 0)];
    const ids = pages.flatMap((p) => (p.blocks as Array<{ block_id?: string }>).map((b) => b.block_id));
    for (const f of SETTINGS_FIELDS) expect(ids).toContain(f.path);
    const flat = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        v && typeof v === 'object' && !Array.isArray(v) ? flat(v, `${prefix}${k}.`) : [`${prefix}${k}`],
      );
    expect(flat(settings).sort()).toEqual(SETTINGS_FIELDS.map((f) => f.path).sort());
    expect(settingsWith(settings, settingsForm({}).fields)).toEqual(settings);
  });
});

describe('the lead view of a stored SiloReport', () => {
  // Finance keeps its ties inside; Sales, Product and Design talk with each other.
  function siloReport(minGroupSize = 5) {
    const { assembleOrgData } =
      require('../../src/domain/silos/assemble') as typeof import('../../src/domain/silos/assemble');
    const { buildSiloReport } =
      require('../../src/domain/silos/buildReport') as typeof import('../../src/domain/silos/buildReport');
    const depts = ['Finance', 'Sales', 'Product', 'Design'];
    const people = depts.flatMap((d) => Array.from({ length: 6 }, (_, k) => ({ id: `${d}${k}`, department: d })));
    const ties: { source: string; target: string }[] = [];
    for (const d of depts)
      for (let i = 0; i < 6; i++) for (let j = i + 1; j < 6; j++) ties.push({ source: `${d}${i}`, target: `${d}${j}` });
    for (const [a, b] of [
      ['Sales', 'Product'],
      ['Product', 'Design'],
      ['Sales', 'Design'],
    ])
      for (let k = 0; k < 12; k++) ties.push({ source: `${a}${k % 6}`, target: `${b}${(k + 1) % 6}` });
    const data = assembleOrgData({ people, ties, channels: [], activity: [], rules: defaultSettings().channelKinds });
    const report = buildSiloReport(data, {
      generatedAt: '2026-11-16T05:00:00.000Z',
      since: '2026-08-18',
      minGroupSize,
      findingRules: { ...defaultSettings().findings, minTies: 10 },
    });
    report.history = {
      unit: 'week',
      points: [
        {
          day: '2026-11-09',
          ties: 80,
          eiIndex: -0.5,
          modularity: 0.5,
          crossShare: 0.3,
          withheld: null,
          introsAccepted: 1,
        },
        {
          day: '2026-11-16',
          ties: report.org.ties,
          eiIndex: report.org.eiIndex,
          modularity: report.org.modularity,
          crossShare: report.org.crossShare,
          withheld: null,
          introsAccepted: 3,
        },
      ],
    };
    return report;
  }
  const live: LiveCounts = {
    activeMembers: 24,
    membersWithPassions: 12,
    introsAccepted: 4,
    introsMet: 1,
    funnel: introFunnel({ rounds: [], now: new Date('2026-11-16T05:00:00Z'), threshold: 5 }),
  };

  it('opens with the findings, a meaning under each KPI and the 12-week trend image, within Block Kit limits', () => {
    const report = siloReport();
    const dashboard = leadDashboard({ day: '2026-11-16', report }, null, 5, live);
    const view = homeView({
      userId: 'U0LEAD',
      isLead: true,
      mode: 'lead',
      member: null,
      lead: { dashboard, page: 0, chartFileId: 'F1', trendFileId: 'F2', notice: null },
    });
    expect(blockKitViolations(view)).toEqual([]);
    const json = JSON.stringify(view.blocks);
    expect(report.findings[0].kind).toBe('closed_department');
    const findings = view.blocks.find(
      (b) => b.type === 'section' && 'text' in b && b.text?.text.startsWith('*What stands out*'),
    ) as { text: { text: string } };
    expect(findings.text.text).toContain(report.findings[0].text);
    expect(findings.text.text).toContain(`→ *${report.findings[0].action}*`);
    expect(json).toContain('_−1: every tie inside its department, +1: every tie outside_');
    expect(
      view.blocks.some((b) => b.type === 'image' && (b as { slack_file?: { id: string } }).slack_file?.id === 'F2'),
    ).toBe(true);
    if (process.env.DUMP_BLOCKS)
      require('node:fs').writeFileSync(process.env.DUMP_BLOCKS, JSON.stringify(view, null, 2));
  });

  it('holds back findings when the privacy threshold was raised after the report, and says why', () => {
    const dashboard = leadDashboard({ day: '2026-11-16', report: siloReport(5) }, null, 7, live);
    expect(dashboard.findings).toEqual([]);
    const view = homeView({
      userId: 'U0LEAD',
      isLead: true,
      mode: 'lead',
      member: null,
      lead: { dashboard, page: 0, chartFileId: null, notice: null },
    });
    expect(JSON.stringify(view.blocks)).toContain('The privacy threshold was raised after this report');
  });

  it('suggests the same channel name for a community as the report does', () => {
    const report = {
      ...siloReport(),
      communities: [
        {
          id: 1,
          size: 9,
          departments: [
            { name: 'Sales', members: 3 },
            { name: 'Product', members: 3 },
            { name: 'Design', members: 3 },
          ],
          internalTies: 30,
          uncoveredShare: 1,
          suggestedChannel: 'cop-sales-product-design-1',
        },
      ],
    };
    const dashboard = leadDashboard({ day: '2026-11-16', report }, null, 5, live);
    expect(channelDraftText(dashboard.communities[0])).toContain('*Name:* #cop-sales-product-design-1\n');
  });
});
