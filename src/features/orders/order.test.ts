// The pure steps of placing an order: merging repeated products and naming the ones the catalog
// does not offer (pricing itself is SQL: order.service.test.ts).
import { describe, expect, it } from 'vitest';
import { mergeItems, missingProductsError } from './order.ts';
import { OrderItemsInvalidError } from './order.errors.ts';

/** The ids of the products the catalog priced. */
const catalog = new Set([1, 2]);

describe('mergeItems', () => {
  it('keeps one line per product in order of first appearance, quantities summed', () => {
    expect(
      mergeItems([
        { productId: 2, qty: 1 },
        { productId: 1, qty: 5 },
        { productId: 2, qty: 999 },
      ]),
    ).toEqual([
      { productId: 2, qty: 1000 },
      { productId: 1, qty: 5 },
    ]);
  });

  it('rejects a merged quantity over 1000 as an error on items', () => {
    const merge = () => mergeItems([{ productId: 7, qty: 1000 }, { productId: 7, qty: 1 }]);
    expect(merge).toThrow(OrderItemsInvalidError);
    expect(merge).toThrow(/product 7/);
  });

  it('rejects no items, more than 100, and quantities outside 1..1000 (for callers other than HTTP)', () => {
    expect(() => mergeItems([])).toThrow(OrderItemsInvalidError);
    expect(() => mergeItems(Array.from({ length: 101 }, (_, i) => ({ productId: i + 1, qty: 1 })))).toThrow(OrderItemsInvalidError);
    expect(() => mergeItems([{ productId: 1, qty: 0 }])).toThrow(OrderItemsInvalidError);
    expect(() => mergeItems([{ productId: 1, qty: 1.5 }])).toThrow(OrderItemsInvalidError);
  });
});

describe('missingProductsError', () => {
  it('names every product the catalog does not offer', () => {
    const error = missingProductsError([9, 1, 8], catalog);
    expect(error).toBeInstanceOf(OrderItemsInvalidError);
    expect(error?.message).toBe('Products 9, 8 do not exist or can no longer be ordered.');
    expect(missingProductsError([1, 2], catalog)).toBeUndefined();
  });
});
