import { readableLine } from '../../src/logger';

describe('log lines on a terminal', () => {
  it('reads as time, level, message and the fields, one line per event', () => {
    const json = JSON.stringify({
      level: 40,
      time: Date.UTC(2026, 11, 6, 12, 3, 4),
      app: 'weaver',
      url: 'https://slack.com/api/',
      msg: 'cannot reach Slack at https://slack.com/api/: fetch failed; retrying in 5 s',
      held: 2,
      err: 'socket hang up',
    });
    const line = readableLine(json);
    expect(line).toMatch(
      /^\d\d:\d\d:\d\d {2}WARN {3}cannot reach Slack at https:\/\/slack\.com\/api\/: fetch failed; retrying in 5 s {2}url=https:\/\/slack\.com\/api\/ {2}held=2 {2}err="socket hang up"\n$/,
    );
    expect(line.split('\n')).toHaveLength(2);
  });

  it('passes through a line that is not JSON', () => {
    expect(readableLine('plain')).toBe('plain\n');
  });
});
