// Calendar periods in UTC, shared by every feature that reports "this month".

/** A half-open interval [start, end): `end` is the first instant of the next period. */
export interface Period {
  start: Date;
  end: Date;
}

/** The UTC calendar month containing `at`: from 00:00 on the 1st to 00:00 on the next 1st. */
export function utcMonthOf(at: Date): Period {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  return { start: new Date(Date.UTC(year, month, 1)), end: new Date(Date.UTC(year, month + 1, 1)) };
}
