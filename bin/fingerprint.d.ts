/** A hash of every file under `<root>/src` but the tests (paths and contents). */
export function sourceFingerprint(root: string): string;
