// `check --deploy`: audits of production settings, each a pure function of the configuration that
// reports messages with a stable id (E… errors, W… warnings), like Django's security checks.
// `start` and `web` run the same list in production and refuse to boot on any error.
//
// This is the first, minimal set; secure cookies, HSTS and allowed origins join it as the admin
// and CORS land. Ids are never reused: a retired check leaves a gap.
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

export const DEPLOY_CHECKS: readonly ConfigCheck[] = [secretKeyStrength, productionMode];

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
