import { problemsOf } from '../../scripts/views/check';
import type { Shown } from '../../scripts/views/surfaces';

const section = (text: string, type: 'mrkdwn' | 'plain_text' = 'mrkdwn') => ({
  type: 'section',
  text: { type, text },
});
const shown = (blocks: unknown[], kind: Shown['kind'] = 'message'): Shown => ({
  surface: 'intro DM',
  test: 'a test',
  kind,
  blocks,
});
const rules = (item: Shown) => problemsOf(item).map((p) => p.rule);

describe('npm run views -- --check: what reads wrong in a view or message', () => {
  it('passes a message that reads right: mentions, links and channel names render', () => {
    const ok = section('Hi <@U0ANA123>, meet <@U0BOB456> in <#C0CHAN1|design>. Read <https://x.test|the guide>.');
    expect(problemsOf(shown([ok]))).toEqual([]);
  });

  it('flags a raw user id in text, and a mention in plain_text (Slack shows it as typed)', () => {
    expect(rules(shown([section('You were matched with U0ANA123 this week.')]))).toEqual([
      'raw user id where a mention belongs',
    ]);
    expect(rules(shown([section('Say hi to <@U0ANA123>', 'plain_text')]))).toEqual([
      'raw user id where a mention belongs',
    ]);
    // a word that only looks like an id (no digit) is no id
    expect(rules(shown([section('UNDERSTOOD, WONDERFUL')]))).toEqual([]);
  });

  it('flags "(optional)" written into an optional input\'s label, which Slack adds itself', () => {
    const input = (optional: boolean, label: string) => ({
      type: 'input',
      optional,
      label: { type: 'plain_text', text: label },
      element: { type: 'plain_text_input', action_id: 'a' },
    });
    expect(rules(shown([input(true, 'What you could teach (optional)')], 'view'))).toEqual(['"(optional)" twice']);
    expect(rules(shown([input(true, 'What you could teach')], 'view'))).toEqual([]);
  });

  it('flags a doubled word as read (markup removed), and a sentence over 300 characters', () => {
    expect(rules(shown([section('Meet *the* the people of #design')]))).toEqual(['doubled word "the"']);
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
    expect(rules(shown([section(`Short one. ${words(80)}.`)]))).toEqual(['sentence over 300 characters']);
    expect(rules(shown([section(`${words(50)}. ${words(50)}.`)]))).toEqual([]);
  });

  it('flags more blocks than Slack takes: 50 in a message, 100 in a view', () => {
    const blocks = (n: number) => Array.from({ length: n }, (_, i) => section(`Line ${i}`));
    expect(rules(shown(blocks(50)))).toEqual([]);
    expect(rules(shown(blocks(51)))).toEqual(['more than 50 blocks']);
    expect(rules(shown(blocks(100), 'view'))).toEqual([]);
    expect(rules(shown(blocks(101), 'view'))).toEqual(['more than 100 blocks']);
  });
});
