// Line prompts on the terminal, with hidden input for passwords (node:readline).
//
// Lines are read through the interface's async iterator rather than rl.question(): the iterator
// queues lines, so answers piped in all at once (`printf 'a\nb\n' | ledgerline …`) are not lost
// between two questions.
import readline from 'node:readline';
import { Writable } from 'node:stream';

/** The input ended (EOF) or the user pressed Ctrl-C before answering. */
export class PromptClosedError extends Error {
  override readonly name = 'PromptClosedError';
  constructor(readonly interrupted: boolean) {
    super(interrupted ? 'Operation cancelled.' : 'Input ended before every question was answered.');
  }
}

export class Prompter {
  private muted = false;
  private interrupted = false;
  private readonly rl: readline.Interface;
  private readonly lines: AsyncIterator<string>;
  private readonly tty: boolean;

  constructor(
    input: NodeJS.ReadableStream & { isTTY?: boolean },
    private readonly output: NodeJS.WritableStream,
  ) {
    // readline echoes typed characters to its output; hidden answers mute that echo only.
    const echo = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        if (!this.muted) output.write(chunk);
        done();
      },
    });
    this.tty = input.isTTY === true;
    this.rl = readline.createInterface({ input, output: echo, terminal: this.tty });
    // In raw (TTY) mode Ctrl-C reaches readline, not the process: end the prompt instead of hanging.
    this.rl.on('SIGINT', () => {
      this.interrupted = true;
      this.rl.close();
    });
    this.lines = this.rl[Symbol.asyncIterator]();
  }

  /** Asks one question; `hidden` answers are not echoed (passwords). */
  async ask(question: string, options: { hidden?: boolean } = {}): Promise<string> {
    this.output.write(question);
    this.muted = options.hidden === true;
    try {
      const next = await this.lines.next();
      if (next.done === true) throw new PromptClosedError(this.interrupted);
      return next.value;
    } finally {
      // Ends the line when nothing was echoed: a hidden answer, or answers piped in.
      if (this.muted || !this.tty) this.output.write('\n');
      this.muted = false;
    }
  }

  close(): void {
    this.rl.close();
  }
}
