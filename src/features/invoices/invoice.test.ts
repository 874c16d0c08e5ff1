import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../platform/errors.ts';
import { INVOICE_STATUSES, TRANSITIONS, canTransition, parseNewInvoice, toInvoice, type InvoiceAction } from './invoice.ts';

describe('invoice state machine', () => {
  it('allows mark_paid and void only from open', () => {
    const allowed = INVOICE_STATUSES.flatMap((s) =>
      (Object.keys(TRANSITIONS) as InvoiceAction[]).filter((a) => canTransition(s, a)).map((a) => `${s}:${a}`),
    );
    expect(allowed.sort()).toEqual(['open:mark_paid', 'open:void']);
  });

  it('moves mark_paid to paid and void to void', () => {
    expect(TRANSITIONS.mark_paid.to).toBe('paid');
    expect(TRANSITIONS.void.to).toBe('void');
  });
});

describe('parseNewInvoice', () => {
  const base = { customerId: 1, amountCents: 100, currency: 'USD' as const };

  it('defaults memo to the empty string', () => {
    expect(parseNewInvoice(base).memo).toBe('');
  });

  it('counts memo characters as code points, not UTF-16 units', () => {
    expect(parseNewInvoice({ ...base, memo: '\u{1F600}'.repeat(280) }).memo).toHaveLength(560);
    expect(() => parseNewInvoice({ ...base, memo: '\u{1F600}'.repeat(281) })).toThrow(ValidationError);
  });

  it('names every invalid field at once', () => {
    try {
      parseNewInvoice({ customerId: 1, amountCents: 0, currency: 'XXX' as never, memo: 'a\u0000' });
      expect.unreachable();
    } catch (err) {
      expect((err as ValidationError).fields.map((f) => f.field)).toEqual(['amount_cents', 'currency', 'memo']);
    }
  });
});

describe('toInvoice', () => {
  it('fails loudly on a status the schema does not allow', () => {
    const row = {
      id: 1,
      customer_id: 2,
      customer_name: 'C',
      amount_cents: 1,
      currency: 'USD',
      memo: '',
      status: 'refunded',
      created_at: new Date(),
      paid_at: null,
    };
    expect(() => toInvoice(row)).toThrow(/unexpected invoice status/);
  });
});
