/** A hash of every file under `<root>/src` but the tests (paths and contents). */
export function sourceFingerprint(root: string): string;
/** Whether `<root>/dist` was built from the sources as they are now (its FINGERPRINT matches). */
export function distIsFresh(root: string): boolean;
