// `check --deploy`: audits of production settings, each a pure function of the configuration that
// reports messages with a stable id (E… errors, W… warnings), like Django's security checks.
// `start` and `web` run the same list in production and refuse to boot on any error.
//
// Every id is documented in docs/DEPLOY_CHECKS.md. Errors are settings that leave production
// insecure or broken (the boot refuses them); warnings are advice that a deliberate deployment may
// accept. Ids are never reused: a retired check leaves a gap.
//
// What code already enforces whenever APP_ENV=production is not re-checked here, except where a
// setting could undo it: HSTS with includeSubDomains (platform/http/app.ts) and the Secure,
// host-only admin cookie (config.adminCookieName, E006 guards its derivation).
import type { Config } from '../config.ts';

export type CheckLevel = 'error' | 'warning';

export interface CheckMessage {
  /** Stable id, e.g. E001; E1xx are the system checks of `check` itself. */
  id: string;
  level: CheckLevel;
  message: string;
  hint?: string;
}

export type ConfigCheck = (config: Config) => CheckMessage[];

export const MIN_SECRET_LENGTH = 50;
export const MIN_SECRET_DISTINCT = 5;

const GENERATE_SECRET = `node -e "console.log(require('node:crypto').randomBytes(48).toString('base64url'))"`;

/** E001: a weak SECRET_KEY lets anyone forge what it signs (sessions, reset links). */
export const secretKeyStrength: ConfigCheck = (config) => {
  if (config.appEnv !== 'production') return [];
  const length = [...config.secretKey].length;
  const distinct = new Set(config.secretKey).size;
  if (length >= MIN_SECRET_LENGTH && distinct >= MIN_SECRET_DISTINCT) return [];
  return [
    {
      id: 'E001',
      level: 'error',
      // The key itself is never printed, only its shape.
      message: `SECRET_KEY is weak: ${length} characters, ${distinct} distinct (at least ${MIN_SECRET_LENGTH} and ${MIN_SECRET_DISTINCT} are required).`,
      hint: `Generate a strong key with: ${GENERATE_SECRET}`,
    },
  ];
};

/** W001: the deploy audit of a non-production configuration only tells half the story. */
export const productionMode: ConfigCheck = (config) =>
  config.appEnv === 'production'
    ? []
    : [
        {
          id: 'W001',
          level: 'warning',
          message: `APP_ENV is "${config.appEnv}", not "production": development defaults (open sign-up, detailed output) stay on and production-only checks are skipped.`,
          hint: 'Set APP_ENV=production on deployed processes.',
        },
      ];

/** A production-only check: `failing` decides, `message` describes (never printing a secret). */
const only =
  (id: string, level: CheckLevel, failing: (config: Config) => boolean, message: string | ((config: Config) => string), hint: string): ConfigCheck =>
  (config) =>
    config.appEnv === 'production' && failing(config)
      ? [{ id, level, message: typeof message === 'string' ? message : message(config), hint }]
      : [];

/** E002: tokens and reset links would travel in clear text, and HSTS would never be seen. */
export const httpsPublicUrl = only(
  'E002',
  'error',
  (c) => !c.publicUrl.startsWith('https://'),
  (c) => `PUBLIC_URL is "${c.publicUrl}", not https:// (password reset links and API docs point there).`,
  'Serve production over TLS and set PUBLIC_URL=https://your.host.',
);

/** E003: `*` lets every web page call the API with a token it got hold of. */
export const corsOrigins = only(
  'E003',
  'error',
  (c) => c.allowedOrigins.includes('*'),
  'ALLOWED_ORIGINS contains "*": any web site may call the API from a browser.',
  'List the exact origins of your front-ends, e.g. ALLOWED_ORIGINS=https://app.example.com.',
);

/** E004: the embedded PostgreSQL is a development convenience (one host, no backups, no replicas). */
export const externalDatabase = only(
  'E004',
  'error',
  (c) => c.databaseUrl === undefined,
  'DATABASE_URL is unset: the embedded development database would hold production data.',
  'Point DATABASE_URL at a managed or backed-up PostgreSQL server.',
);

/** E005: Django's DEBUG=True equivalent: debug logs carry SQL, payloads and internals. */
export const noDebugOutput = only(
  'E005',
  'error',
  (c) => c.logLevel === 'debug' || c.logLevel === 'trace',
  'LOG_LEVEL is debug or trace: debug output in production.',
  'Set LOG_LEVEL=info (or warn).',
);

/** E006: the admin session cookie must be __Host- (Secure, host-only) in production. */
export const secureAdminCookie = only(
  'E006',
  'error',
  (c) => !c.adminCookieName.startsWith('__Host-'),
  'The admin session cookie is not a __Host- cookie, so it is not guaranteed Secure and host-only.',
  'This is derived from APP_ENV=production in src/config.ts; restore that derivation.',
);

/** W002: with TRUST_PROXY every peer may claim any client address (X-Forwarded-For). */
export const trustedProxy = only(
  'W002',
  'warning',
  (c) => c.trustProxy,
  'TRUST_PROXY is on: client addresses (rate limits, login throttling, logs) come from X-Forwarded-For.',
  'Keep it on only when every request reaches the app through your proxy, never directly.',
);

/** W003: anyone on the internet can create an account. */
export const closedSignup = only(
  'W003',
  'warning',
  (c) => c.signupOpen,
  'SIGNUP_OPEN is on: anyone can create an account over the API.',
  'Set SIGNUP_OPEN=false unless public sign-up is intended.',
);

/** W004: a warning, not an error: `simulated` is the only gateway so far, and it takes no money. */
export const realPaymentGateway = only(
  'W004',
  'warning',
  (c) => c.paymentGateway === 'simulated',
  'PAYMENT_GATEWAY is "simulated": card payments succeed or fail at random and no money moves.',
  'Acceptable for demos only; configure a real gateway before taking card payments.',
);

/** W005: without SMTP_URL, mail is written to files under DATA_DIR/mail and never delivered. */
export const smtpConfigured = only(
  'W005',
  'warning',
  (c) => c.smtpUrl === undefined,
  'SMTP_URL is unset: e-mails (password resets, receipts) go to files under DATA_DIR/mail.',
  'Set SMTP_URL=smtps://user:password@mail.example.com.',
);

/** W006: /metrics is public without a token: route names, volumes and pool state. */
export const metricsToken = only(
  'W006',
  'warning',
  (c) => c.metricsToken === undefined,
  'METRICS_TOKEN is unset: anyone can read /metrics.',
  'Set METRICS_TOKEN and configure the scraper to send it as a bearer token.',
);

/** W007: write rate limits turned off (0) leave the API open to floods of writes. */
export const writeRateLimits = only(
  'W007',
  'warning',
  (c) => c.writeRatePerUserPerMinute === 0 || c.writeRatePerAddressPerMinute === 0,
  'Write rate limiting is off (WRITE_RATE_PER_USER_PER_MINUTE or WRITE_RATE_PER_ADDRESS_PER_MINUTE is 0).',
  'Unset both to use the defaults (6000 per user, 30000 per address per minute), or set them above 0.',
);

/** W008: without the side-effect caps, one account can test stolen cards or bomb mailboxes at full speed. */
export const sideEffectCaps = only(
  'W008',
  'warning',
  (c) => c.cardPaymentsPerUserPerMinute === 0 || c.emailsPerUserPerMinute === 0,
  (c) => {
    const off = [
      ...(c.cardPaymentsPerUserPerMinute === 0 ? ['CARD_PAYMENTS_PER_USER_PER_MINUTE (card payments)'] : []),
      ...(c.emailsPerUserPerMinute === 0 ? ['EMAILS_PER_USER_PER_MINUTE (e-mails)'] : []),
    ];
    return `A per-user side-effect cap is off: ${off.join(' and ')} set to 0, so one account can cause them without limit.`;
  },
  'Unset them to use the defaults (10 card payments and 30 e-mails per user per minute), or set them above 0.',
);

export const DEPLOY_CHECKS: readonly ConfigCheck[] = [
  secretKeyStrength,
  httpsPublicUrl,
  corsOrigins,
  externalDatabase,
  noDebugOutput,
  secureAdminCookie,
  productionMode,
  trustedProxy,
  closedSignup,
  realPaymentGateway,
  smtpConfigured,
  metricsToken,
  writeRateLimits,
  sideEffectCaps,
];

export function deployChecks(config: Config): CheckMessage[] {
  return DEPLOY_CHECKS.flatMap((check) => check(config));
}

/** Django's report format: errors then warnings, each with its id and an optional hint. */
export function formatReport(messages: readonly CheckMessage[]): string {
  if (messages.length === 0) return 'System check identified no issues.\n';
  const section = (title: string, level: CheckLevel) => {
    const items = messages.filter((m) => m.level === level);
    if (items.length === 0) return [];
    return [title, ...items.flatMap((m) => [`${m.id}: ${m.message}`, ...(m.hint ? [`\tHINT: ${m.hint}`] : [])]), ''];
  };
  const n = messages.length;
  return [
    'System check identified some issues:',
    '',
    ...section('ERRORS:', 'error'),
    ...section('WARNINGS:', 'warning'),
    `System check identified ${n} issue${n === 1 ? '' : 's'}.`,
    '',
  ].join('\n');
}
