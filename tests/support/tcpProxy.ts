/**
 * A TCP proxy in front of PostgreSQL that a test can make stall: connections are still accepted,
 * but no byte goes either way (a hung disk, a failover in progress, a network black hole) until
 * `resume()`. Nothing is dropped: what was sent while stalled is delivered after.
 */
import net, { type AddressInfo, type Socket } from 'node:net';

export class StallingProxy {
  private readonly server: net.Server;
  private readonly pairs = new Set<{ client: Socket; upstream?: Socket }>();
  private stalled = false;
  private waiting: Array<() => void> = [];

  constructor(
    private readonly target: { host: string; port: number },
    private readonly listenPort = 0,
  ) {
    this.server = net.createServer((client) => this.accept(client));
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(this.listenPort, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  /** The URL `url` (a PostgreSQL connection string to the target) rewritten to go through the proxy. */
  urlFor(url: string): string {
    const u = new URL(url);
    u.host = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return u.toString();
  }

  private accept(client: Socket): void {
    const pair: { client: Socket; upstream?: Socket } = { client };
    this.pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => {
      this.pairs.delete(pair);
      pair.upstream?.destroy();
    });
    const connect = () => {
      if (client.destroyed) return;
      const upstream = net.connect(this.target.port, this.target.host);
      pair.upstream = upstream;
      upstream.on('error', () => client.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    };
    if (this.stalled) {
      client.pause();
      this.waiting.push(connect);
    } else connect();
  }

  /** From now on nothing is forwarded, and new connections are accepted but not answered. */
  stall(): void {
    this.stalled = true;
    for (const { client, upstream } of this.pairs) {
      client.unpipe();
      upstream?.unpipe();
      client.pause();
      upstream?.pause();
    }
  }

  resume(): void {
    this.stalled = false;
    for (const { client, upstream } of this.pairs) {
      if (!upstream) continue;
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
      upstream.resume();
    }
    for (const connect of this.waiting.splice(0)) connect();
  }

  async close(): Promise<void> {
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream?.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
