// A request's logger. Fastify makes one per request, and a pino child serialises its bindings and
// sets up redaction again when it is made: ~2 µs per request. At LOG_LEVEL=warn (the access line
// is info) a request that goes well logs nothing, so this one becomes a pino child only when the
// request first logs at an enabled level.
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, LevelWithSilentOrString, Logger } from 'pino';

type LogArgs = [obj: unknown, msg?: string, ...args: unknown[]];

export class RequestLog implements FastifyBaseLogger {
  private made: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    /** Called once, when the child is made. */
    private readonly bindings: () => Bindings,
  ) {}

  get level(): LevelWithSilentOrString {
    return this.made?.level ?? this.parent.level;
  }

  set level(level: LevelWithSilentOrString) {
    this.logger().level = level;
  }

  fatal(...args: LogArgs): void {
    this.write('fatal', args);
  }

  error(...args: LogArgs): void {
    this.write('error', args);
  }

  warn(...args: LogArgs): void {
    this.write('warn', args);
  }

  info(...args: LogArgs): void {
    this.write('info', args);
  }

  debug(...args: LogArgs): void {
    this.write('debug', args);
  }

  trace(...args: LogArgs): void {
    this.write('trace', args);
  }

  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger().child(bindings, options);
  }

  private logger(): Logger {
    return (this.made ??= this.parent.child(this.bindings()));
  }

  private write(level: Level, args: LogArgs): void {
    if ((this.made ?? this.parent).isLevelEnabled(level)) (this.logger()[level] as (...a: LogArgs) => void)(...args);
  }
}
