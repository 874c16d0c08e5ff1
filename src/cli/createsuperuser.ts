// `createsuperuser`: a staff user, by prompting (like Django's) or from flags with --no-input.
// The rules (password strength, unique e-mail) are the users service's; this only asks and reports.
import type { Config } from '../config.ts';
import { buildCliServices, type Services } from '../main.ts';
import { ConflictError, ValidationError } from '../platform/errors.ts';
import { config, print, quietLogger, stringFlag, UsageError, withDatabaseServer, type CliIo, type Command } from './command.ts';
import { PromptClosedError, Prompter } from './prompt.ts';

interface Answers {
  email?: string | undefined;
  name?: string | undefined;
  password?: string | undefined;
}

const localPart = (email: string) => email.split('@')[0] || email;

/** The outcome of one attempt: created, or which answers to ask for again. */
type Attempt = { ok: true } | { ok: false; retry: (keyof Answers)[] };

async function attempt(services: Services, answers: Required<Answers>, io: CliIo): Promise<Attempt> {
  try {
    const user = await services.users.createSuperuser(answers, new AbortController().signal);
    print(io.stdout, `Superuser created: ${user.email} (id ${user.id}).`);
    return { ok: true };
  } catch (err) {
    if (err instanceof ConflictError) {
      print(io.stderr, `Error: the e-mail address ${answers.email} is already taken.`);
      return { ok: false, retry: ['email'] };
    }
    if (err instanceof ValidationError) {
      for (const f of err.fields) print(io.stderr, `Error: ${f.field}: ${f.message}`);
      const known = ['email', 'name', 'password'] as const;
      return { ok: false, retry: known.filter((k) => err.fields.some((f) => f.field === k)) };
    }
    throw err;
  }
}

async function askPassword(prompter: Prompter, io: CliIo): Promise<string> {
  for (;;) {
    const first = await prompter.ask('Password: ', { hidden: true });
    if (first === '') {
      print(io.stderr, "Error: Blank passwords aren't allowed.");
      continue;
    }
    if ((await prompter.ask('Password (again): ', { hidden: true })) === first) return first;
    print(io.stderr, "Error: Your passwords didn't match.");
  }
}

async function interactive(services: Services, given: Answers, io: CliIo): Promise<number> {
  const prompter = new Prompter(io.stdin, io.stdout);
  const answers: Answers = { ...given };
  try {
    for (;;) {
      while (!answers.email) answers.email = (await prompter.ask('Email address: ')).trim();
      answers.name ??= (await prompter.ask(`Name [${localPart(answers.email)}]: `)).trim() || localPart(answers.email);
      answers.password ??= await askPassword(prompter, io);
      const result = await attempt(services, answers as Required<Answers>, io);
      if (result.ok) return 0;
      // A rule we cannot ask about again (an unexpected field) ends the command instead of looping.
      if (result.retry.length === 0) return 1;
      for (const key of result.retry) answers[key] = undefined;
    }
  } catch (err) {
    if (!(err instanceof PromptClosedError)) throw err;
    print(io.stderr, `\n${err.message}`);
    return err.interrupted ? 130 : 1;
  } finally {
    prompter.close();
  }
}

async function withServices<T>(cfg: Config, fn: (services: Services) => Promise<T>): Promise<T> {
  return withDatabaseServer(cfg, quietLogger(cfg), async (url) => {
    const { db, services } = buildCliServices(cfg, url);
    try {
      return await fn(services);
    } finally {
      await db.close();
    }
  });
}

export const createSuperuserCommand: Command = {
  name: 'createsuperuser',
  summary: 'create a staff user (prompts for what the flags do not give)',
  args: '[--email E] [--name N] [--password P] [--no-input]',
  details: [
    '--no-input   never prompt: --email and --password are required; --name defaults to the',
    "             e-mail's local part. Exits 1 if the e-mail is taken or the password is too weak.",
    '             (A password on the command line is visible to other local users; prefer prompting.)',
  ],
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
    'no-input': { type: 'boolean' },
  },
  async run(flags, _positionals, ctx) {
    const given: Answers = { email: stringFlag(flags, 'email'), name: stringFlag(flags, 'name'), password: stringFlag(flags, 'password') };
    if (flags['no-input'] === true) {
      const { email, password } = given;
      if (email === undefined || password === undefined) throw new UsageError('createsuperuser --no-input needs --email and --password');
      const answers = { email, password, name: given.name ?? localPart(email) };
      return withServices(config(ctx), async (services) => ((await attempt(services, answers, ctx.io)).ok ? 0 : 1));
    }
    return withServices(config(ctx), (services) => interactive(services, given, ctx.io));
  },
};
