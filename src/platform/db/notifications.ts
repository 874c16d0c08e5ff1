// LISTEN on some channels over one dedicated connection, reconnecting when it drops. Whoever relies
// on notifications to keep a cache fresh must treat "not connected" as "cache unusable": while
// the connection is down, notifications are lost, so onReset fires on every loss and reconnect.
import pg from 'pg';

export interface NotificationListenerOptions {
  connectionString: string;
  /** One connection for all of a process's channels: connections are the scarce resource. */
  channels: readonly string[];
  onNotification(payload: string, channel: string): void;
  /** The stream of notifications was (or may have been) interrupted: drop what depends on it. */
  onReset(): void;
  onError?(err: unknown): void;
  retryMs?: number;
}

export class NotificationListener {
  private client: pg.Client | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private live = false;

  constructor(private readonly options: NotificationListenerOptions) {
    for (const channel of options.channels) if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
  }

  /** True while LISTEN is in effect on a healthy connection. */
  get connected(): boolean {
    return this.live;
  }

  /** Connects once; a failure is reported and retried in the background. */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.live = false;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.options.connectionString, application_name: 'ledgerline-listen' });
    client.on('notification', (msg) => {
      if (this.options.channels.includes(msg.channel)) this.options.onNotification(msg.payload ?? '', msg.channel);
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, undefined));
    this.client = client;
    try {
      await client.connect();
      // One round trip: a simple query may hold several statements.
      await client.query(this.options.channels.map((c) => `LISTEN ${c};`).join(' '));
      if (this.client !== client) return;
      this.live = true;
      this.options.onReset();
    } catch (err) {
      this.lost(client, err);
    }
  }

  private lost(client: pg.Client, err: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    const wasLive = this.live;
    this.live = false;
    if (wasLive || err !== undefined) this.options.onReset();
    if (err !== undefined) this.options.onError?.(err);
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => void this.connect(), this.options.retryMs ?? 1_000);
    this.retryTimer.unref();
  }
}
