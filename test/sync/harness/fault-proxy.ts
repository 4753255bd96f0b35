import { createServer, connect, type Server, type Socket } from 'node:net';

/** A seeded PRNG (mulberry32) so a run's fault decisions replay from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Link {
  client: Socket;
  upstream: Socket;
  /** Method of the request whose response is due next (HTTP/1.1 keep-alive answers in order). */
  pending: string[];
  stream: boolean;
}

const REQUEST_LINE = /^(GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH) (\S+) HTTP\/1\.[01]\r\n/;

/**
 * A TCP proxy between one sync client and the endpoint that injects the faults of the convergence
 * suite: going offline (refuse and reset every connection), cutting a push's response after the
 * endpoint has committed it, dropping open change streams, and failing over to another endpoint.
 */
export class FaultProxy {
  private server: Server | null = null;
  private readonly links = new Set<Link>();
  private offline = false;
  private cutRate = 0;
  private random: () => number = Math.random;
  readonly stats = { connections: 0, cuts: 0, refused: 0, droppedStreams: 0 };

  constructor(private targetPort: number) {}

  async listen(): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  get port(): number {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  seed(seed: number): void {
    this.random = prng(seed);
  }

  /** Later connections go to another endpoint (a load balancer failing over). */
  retarget(port: number): void {
    this.targetPort = port;
  }

  setOffline(offline: boolean): void {
    this.offline = offline;
    if (offline) this.resetAll();
  }

  /** Probability that the response to a POST is cut off as it starts to arrive. */
  setCutRate(rate: number): void {
    this.cutRate = rate;
  }

  dropStreams(): void {
    for (const link of [...this.links]) {
      if (link.stream) {
        this.stats.droppedStreams++;
        this.kill(link);
      }
    }
  }

  resetAll(): void {
    for (const link of [...this.links]) this.kill(link);
  }

  heal(): void {
    this.offline = false;
    this.cutRate = 0;
  }

  async close(): Promise<void> {
    this.resetAll();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private kill(link: Link): void {
    link.client.resetAndDestroy();
    link.upstream.destroy();
    this.links.delete(link);
  }

  private accept(client: Socket): void {
    if (this.offline) {
      this.stats.refused++;
      client.resetAndDestroy();
      return;
    }
    this.stats.connections++;
    const upstream = connect(this.targetPort, '127.0.0.1');
    const link: Link = { client, upstream, pending: [], stream: false };
    this.links.add(link);
    const drop = () => {
      if (this.links.has(link)) this.kill(link);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    client.on('data', (chunk) => {
      const match = REQUEST_LINE.exec(chunk.toString('latin1', 0, Math.min(chunk.length, 300)));
      if (match) {
        link.pending.push(match[1]!);
        if (match[2]!.includes('/stream')) link.stream = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (chunk.subarray(0, 9).toString('latin1').startsWith('HTTP/1.')) {
        const method = link.pending.shift();
        // The endpoint answers only after COMMIT, so cutting here loses the answer, not the write.
        if (method === 'POST' && this.cutRate > 0 && this.random() < this.cutRate) {
          this.stats.cuts++;
          this.kill(link);
          return;
        }
      }
      client.write(chunk);
    });
  }
}
