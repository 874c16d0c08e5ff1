// Orders: domain types, the cancellation rule, and the pure steps of placing an order (merging
// repeated products, pricing from the catalog). No I/O.
import { CURRENCIES, type Currency } from '../../config.ts';
import { OrderItemsInvalidError } from './order.errors.ts';

export const ORDER_STATUSES = ['pending', 'paid', 'payment_failed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const PAYMENT_METHODS = ['balance', 'card'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** The statuses from which an order can be cancelled; the cancel UPDATE applies only to these. */
export const CANCELLABLE_STATUSES: readonly OrderStatus[] = ['pending', 'paid'];

/** Limits mirrored by the request schema and the CHECK on order_items.qty (migrations/0005). */
export const MAX_ITEMS = 100;
export const MAX_QTY = 1000;

export interface OrderItem {
  productId: number;
  /** The product's name and price when the order was placed (later catalog edits do not change them). */
  productName: string;
  unitPriceCents: number;
  qty: number;
  lineTotalCents: number;
}

export interface Order {
  id: number;
  userId: number;
  userEmail: string;
  status: OrderStatus;
  paymentMethod: PaymentMethod;
  totalCents: number;
  currency: Currency;
  items: OrderItem[];
  createdAt: Date;
  /** Set when the order became paid, and kept if it is cancelled later (a CHECK in 0005 holds this). */
  paidAt: Date | null;
  cancelledAt: Date | null;
}

export interface NewOrder {
  items: { productId: number; qty: number }[];
  paymentMethod: PaymentMethod;
}

export interface OrderFilter {
  status?: OrderStatus | undefined;
}

/**
 * One line per product, in the order of first appearance, quantities summed. A product repeated
 * up to more than MAX_QTY is a field error on `items`, like a single line over it.
 */
export function mergeItems(items: NewOrder['items']): { productId: number; qty: number }[] {
  if (items.length < 1 || items.length > MAX_ITEMS) {
    throw new OrderItemsInvalidError(`An order has from 1 to ${MAX_ITEMS} items.`);
  }
  const merged = new Map<number, number>();
  for (const { productId, qty } of items) {
    if (!Number.isSafeInteger(productId) || productId < 1 || !Number.isInteger(qty) || qty < 1 || qty > MAX_QTY) {
      throw new OrderItemsInvalidError(`Each item needs a product_id and a qty from 1 to ${MAX_QTY}.`);
    }
    merged.set(productId, (merged.get(productId) ?? 0) + qty);
  }
  const tooMany = [...merged].filter(([, qty]) => qty > MAX_QTY).map(([id]) => id);
  if (tooMany.length > 0) {
    throw new OrderItemsInvalidError(`The total qty of product ${tooMany.join(', ')} exceeds ${MAX_QTY}.`);
  }
  return [...merged].map(([productId, qty]) => ({ productId, qty }));
}

/**
 * The field error on `items` naming every product the catalog does not offer (`offered` holds the
 * ids it priced; a missing or deleted product is not among them), or undefined when it offers them
 * all. Orders are priced in SQL (PriceOrders); this names what made one fail.
 */
export function missingProductsError(productIds: readonly number[], offered: ReadonlySet<number>): OrderItemsInvalidError | undefined {
  const unknown = productIds.filter((id) => !offered.has(id));
  if (unknown.length === 0) return undefined;
  const which = unknown.length === 1 ? `Product ${unknown[0]} does not exist` : `Products ${unknown.join(', ')} do not exist`;
  return new OrderItemsInvalidError(`${which} or can no longer be ordered.`);
}

/** The order columns every order query returns (the generated result types have this shape). */
export interface OrderRow {
  id: number;
  user_id: number;
  user_email: string;
  status: string;
  payment_method: string;
  total_cents: number;
  currency: string;
  created_at: Date;
  paid_at: Date | null;
  cancelled_at: Date | null;
}

export interface OrderItemRow {
  product_id: number;
  product_name: string;
  unit_price_cents: number;
  qty: number;
  line_total_cents: number;
}

function oneOf<T extends string>(values: readonly T[], value: string, what: string): T {
  // CHECK constraints make any other value impossible; if one appears, fail loudly.
  if (!(values as readonly string[]).includes(value)) throw new Error(`unexpected order ${what} ${JSON.stringify(value)}`);
  return value as T;
}

export const toOrderItem = (r: OrderItemRow): OrderItem => ({
  productId: r.product_id,
  productName: r.product_name,
  unitPriceCents: r.unit_price_cents,
  qty: r.qty,
  lineTotalCents: r.line_total_cents,
});

export function toOrder(row: OrderRow, items: OrderItem[]): Order {
  return {
    id: row.id,
    userId: row.user_id,
    userEmail: row.user_email,
    status: oneOf(ORDER_STATUSES, row.status, 'status'),
    paymentMethod: oneOf(PAYMENT_METHODS, row.payment_method, 'payment method'),
    totalCents: row.total_cents,
    currency: oneOf(CURRENCIES, row.currency, 'currency'),
    items,
    createdAt: row.created_at,
    paidAt: row.paid_at,
    cancelledAt: row.cancelled_at,
  };
}
