/** Types generated for queries found in "src/features/payments/simulated-gateway.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

/** 'RecordSimulatedCharge' parameters type */
export interface IRecordSimulatedChargeParams {
  amountCents: number;
  currency: string;
  description: string;
  idempotencyKey: string;
}

/** 'RecordSimulatedCharge' return type */
export interface IRecordSimulatedChargeResult {
  amount_cents: number;
  currency: string;
  id: number;
  idempotency_key: string;
}

/** 'RecordSimulatedCharge' query type */
export interface IRecordSimulatedChargeQuery {
  params: IRecordSimulatedChargeParams;
  result: IRecordSimulatedChargeResult;
}

const recordSimulatedChargeIR: any = {"usedParamSet":{"idempotencyKey":true,"amountCents":true,"currency":true,"description":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":567,"b":582}]},{"name":"amountCents","required":true,"transform":{"type":"scalar"},"locs":[{"a":585,"b":597}]},{"name":"currency","required":true,"transform":{"type":"scalar"},"locs":[{"a":606,"b":615}]},{"name":"description","required":true,"transform":{"type":"scalar"},"locs":[{"a":618,"b":630}]}],"statement":"-- The simulated gateway's own storage (the card_payments migration), not product data. Records a charge, or\n-- returns the one already recorded under this idempotency key, in one statement. DO UPDATE (a\n-- no-op assignment) rather than DO NOTHING so the existing row is returned even when a concurrent\n-- call with the same key committed it after this statement's snapshot was taken: the row lock\n-- makes the second caller wait for the first and then see its row.\nINSERT INTO simulated_gateway_charges (idempotency_key, amount_cents, currency, description)\nVALUES (:idempotencyKey!, :amountCents!::int8, :currency!, :description!)\nON CONFLICT (idempotency_key) DO UPDATE SET idempotency_key = EXCLUDED.idempotency_key\nRETURNING id, idempotency_key, amount_cents, currency"};

/**
 * Query generated from SQL:
 * ```
 * -- The simulated gateway's own storage (the card_payments migration), not product data. Records a charge, or
 * -- returns the one already recorded under this idempotency key, in one statement. DO UPDATE (a
 * -- no-op assignment) rather than DO NOTHING so the existing row is returned even when a concurrent
 * -- call with the same key committed it after this statement's snapshot was taken: the row lock
 * -- makes the second caller wait for the first and then see its row.
 * INSERT INTO simulated_gateway_charges (idempotency_key, amount_cents, currency, description)
 * VALUES (:idempotencyKey!, :amountCents!::int8, :currency!, :description!)
 * ON CONFLICT (idempotency_key) DO UPDATE SET idempotency_key = EXCLUDED.idempotency_key
 * RETURNING id, idempotency_key, amount_cents, currency
 * ```
 */
export const recordSimulatedCharge = new PreparedQuery<IRecordSimulatedChargeParams,IRecordSimulatedChargeResult>(recordSimulatedChargeIR);


/** 'GetSimulatedChargeByKey' parameters type */
export interface IGetSimulatedChargeByKeyParams {
  idempotencyKey: string;
}

/** 'GetSimulatedChargeByKey' return type */
export interface IGetSimulatedChargeByKeyResult {
  amount_cents: number;
  currency: string;
  id: number;
  idempotency_key: string;
}

/** 'GetSimulatedChargeByKey' query type */
export interface IGetSimulatedChargeByKeyQuery {
  params: IGetSimulatedChargeByKeyParams;
  result: IGetSimulatedChargeByKeyResult;
}

const getSimulatedChargeByKeyIR: any = {"usedParamSet":{"idempotencyKey":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":191,"b":206}]}],"statement":"-- The simulated gateway's search by idempotency key (PaymentGateway.findCharge).\nSELECT id, idempotency_key, amount_cents, currency\n  FROM simulated_gateway_charges\n WHERE idempotency_key = :idempotencyKey!"};

/**
 * Query generated from SQL:
 * ```
 * -- The simulated gateway's search by idempotency key (PaymentGateway.findCharge).
 * SELECT id, idempotency_key, amount_cents, currency
 *   FROM simulated_gateway_charges
 *  WHERE idempotency_key = :idempotencyKey!
 * ```
 */
export const getSimulatedChargeByKey = new PreparedQuery<IGetSimulatedChargeByKeyParams,IGetSimulatedChargeByKeyResult>(getSimulatedChargeByKeyIR);


/** 'LockSimulatedCharge' parameters type */
export interface ILockSimulatedChargeParams {
  chargeId: number;
}

/** 'LockSimulatedCharge' return type */
export interface ILockSimulatedChargeResult {
  amount_cents: number;
  id: number;
  refunded_cents: number;
}

/** 'LockSimulatedCharge' query type */
export interface ILockSimulatedChargeQuery {
  params: ILockSimulatedChargeParams;
  result: ILockSimulatedChargeResult;
}

const lockSimulatedChargeIR: any = {"usedParamSet":{"chargeId":true},"params":[{"name":"chargeId","required":true,"transform":{"type":"scalar"},"locs":[{"a":385,"b":394}]}],"statement":"-- Locks a charge while a refund of it is decided, so concurrent refunds of one charge (same key\n-- or not) are serialised and cannot together refund more than was charged.\nSELECT c.id, c.amount_cents,\n       (SELECT coalesce(sum(r.amount_cents), 0) FROM simulated_gateway_refunds r WHERE r.charge_id = c.id)::int8 AS \"refunded_cents!\"\n  FROM simulated_gateway_charges c\n WHERE c.id = :chargeId!\n   FOR UPDATE OF c"};

/**
 * Query generated from SQL:
 * ```
 * -- Locks a charge while a refund of it is decided, so concurrent refunds of one charge (same key
 * -- or not) are serialised and cannot together refund more than was charged.
 * SELECT c.id, c.amount_cents,
 *        (SELECT coalesce(sum(r.amount_cents), 0) FROM simulated_gateway_refunds r WHERE r.charge_id = c.id)::int8 AS "refunded_cents!"
 *   FROM simulated_gateway_charges c
 *  WHERE c.id = :chargeId!
 *    FOR UPDATE OF c
 * ```
 */
export const lockSimulatedCharge = new PreparedQuery<ILockSimulatedChargeParams,ILockSimulatedChargeResult>(lockSimulatedChargeIR);


/** 'GetSimulatedRefundByKey' parameters type */
export interface IGetSimulatedRefundByKeyParams {
  idempotencyKey: string;
}

/** 'GetSimulatedRefundByKey' return type */
export interface IGetSimulatedRefundByKeyResult {
  amount_cents: number;
  charge_id: number;
  id: number;
  idempotency_key: string;
}

/** 'GetSimulatedRefundByKey' query type */
export interface IGetSimulatedRefundByKeyQuery {
  params: IGetSimulatedRefundByKeyParams;
  result: IGetSimulatedRefundByKeyResult;
}

const getSimulatedRefundByKeyIR: any = {"usedParamSet":{"idempotencyKey":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":204,"b":219}]}],"statement":"-- A refund already recorded under this idempotency key (a repeated request answers with it).\nSELECT id, idempotency_key, charge_id, amount_cents\n  FROM simulated_gateway_refunds\n WHERE idempotency_key = :idempotencyKey!"};

/**
 * Query generated from SQL:
 * ```
 * -- A refund already recorded under this idempotency key (a repeated request answers with it).
 * SELECT id, idempotency_key, charge_id, amount_cents
 *   FROM simulated_gateway_refunds
 *  WHERE idempotency_key = :idempotencyKey!
 * ```
 */
export const getSimulatedRefundByKey = new PreparedQuery<IGetSimulatedRefundByKeyParams,IGetSimulatedRefundByKeyResult>(getSimulatedRefundByKeyIR);


/** 'InsertSimulatedRefund' parameters type */
export interface IInsertSimulatedRefundParams {
  amountCents: number;
  chargeId: number;
  idempotencyKey: string;
}

/** 'InsertSimulatedRefund' return type */
export interface IInsertSimulatedRefundResult {
  amount_cents: number;
  charge_id: number;
  id: number;
  idempotency_key: string;
}

/** 'InsertSimulatedRefund' query type */
export interface IInsertSimulatedRefundQuery {
  params: IInsertSimulatedRefundParams;
  result: IInsertSimulatedRefundResult;
}

const insertSimulatedRefundIR: any = {"usedParamSet":{"idempotencyKey":true,"chargeId":true,"amountCents":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":173,"b":188}]},{"name":"chargeId","required":true,"transform":{"type":"scalar"},"locs":[{"a":191,"b":200}]},{"name":"amountCents","required":true,"transform":{"type":"scalar"},"locs":[{"a":209,"b":221}]}],"statement":"-- Only after LockSimulatedCharge, in the same transaction, has checked the amount.\nINSERT INTO simulated_gateway_refunds (idempotency_key, charge_id, amount_cents)\nVALUES (:idempotencyKey!, :chargeId!::int8, :amountCents!::int8)\nRETURNING id, idempotency_key, charge_id, amount_cents"};

/**
 * Query generated from SQL:
 * ```
 * -- Only after LockSimulatedCharge, in the same transaction, has checked the amount.
 * INSERT INTO simulated_gateway_refunds (idempotency_key, charge_id, amount_cents)
 * VALUES (:idempotencyKey!, :chargeId!::int8, :amountCents!::int8)
 * RETURNING id, idempotency_key, charge_id, amount_cents
 * ```
 */
export const insertSimulatedRefund = new PreparedQuery<IInsertSimulatedRefundParams,IInsertSimulatedRefundResult>(insertSimulatedRefundIR);


