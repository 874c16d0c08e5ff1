// `npx tsx scripts/common-passwords.ts`: regenerates src/features/users/common-passwords.ts from
// @zxcvbn-ts/language-common (a devDependency): the common passwords long enough to matter.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MIN_LENGTH } from '../src/features/users/password-policy.ts';

export const longCommonPasswords = (): string[] => dictionary['passwords-common'].filter((p) => [...p].length >= PASSWORD_MIN_LENGTH);

if (import.meta.url === `file://${process.argv[1]}`) {
  const entries = longCommonPasswords();
  const header = [
    "// Generated from @zxcvbn-ts/language-common's passwords-common by scripts/common-passwords.ts: the",
    '// entries of at least 12 characters (PASSWORD_MIN_LENGTH), the only ones the policy can ever',
    `// refuse as common. Kept here so that no process loads the 14 MB dictionary for ${entries.length} strings;`,
    '// common-passwords.test.ts fails when it no longer matches the package.',
  ];
  const body = `${header.join('\n')}\nexport const COMMON_PASSWORDS: readonly string[] = ${JSON.stringify(entries, null, 2)};\n`;
  writeFileSync(path.resolve(import.meta.dirname, '..', 'src', 'features', 'users', 'common-passwords.ts'), body);
}
