import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { identifyWorkspace } from '../../src/runtime';
import { useTestDatabase } from '../support/db';
import { FakeSlack } from '../support/fakeSlack';
import { testServices } from '../support/testApp';

/** A port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('starting when Slack cannot be reached', () => {
  const db = useTestDatabase();

  it('says so within a second, naming the address and the retry, and records no workspace', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/api/`;
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const fake = new FakeSlack(); // never started: only its shape is needed for the services
    const services = {
      ...testServices(db(), fake, undefined, { SLACK_API_URL: url }),
      logger: createLogger('info', sink, 'json'),
    };
    let stopped = false;
    const started = Date.now();
    await identifyWorkspace(services, () => stopped);
    stopped = true;
    expect(Date.now() - started).toBeLessThan(1000);
    const warning = lines.map((l) => JSON.parse(l)).find((l) => /cannot reach Slack/.test(l.msg));
    // the reason is the fetch error (with its code, ECONNREFUSED, outside jest's sandbox)
    expect(warning?.msg).toMatch(
      new RegExp(`^cannot reach Slack at http://127\\.0\\.0\\.1:${port}/api/: .*fetch failed.*; retrying in 5 s$`),
    );
    expect(await db()('installations').count({ n: '*' }).first()).toEqual({ n: 0 });
  });
});
