/** Types generated for queries found in "src/features/customers/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

/** 'InsertCustomer' parameters type */
export interface IInsertCustomerParams {
  email?: string | null | void;
  name: string;
  ownerId: number;
}

/** 'InsertCustomer' return type */
export interface IInsertCustomerResult {
  created_at: Date;
  email: string | null;
  id: number;
  name: string;
}

/** 'InsertCustomer' query type */
export interface IInsertCustomerQuery {
  params: IInsertCustomerParams;
  result: IInsertCustomerResult;
}

const insertCustomerIR: any = {"usedParamSet":{"ownerId":true,"name":true,"email":true},"params":[{"name":"ownerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":198,"b":206}]},{"name":"name","required":true,"transform":{"type":"scalar"},"locs":[{"a":209,"b":214}]},{"name":"email","required":false,"transform":{"type":"scalar"},"locs":[{"a":217,"b":222}]}],"statement":"-- Every statement here filters on owner_id: another user's customer is indistinguishable from a\n-- missing one (the API answers 404 for both).\nINSERT INTO customers (owner_id, name, email)\nVALUES (:ownerId!, :name!, :email)\nRETURNING id, name, email, created_at"};

/**
 * Query generated from SQL:
 * ```
 * -- Every statement here filters on owner_id: another user's customer is indistinguishable from a
 * -- missing one (the API answers 404 for both).
 * INSERT INTO customers (owner_id, name, email)
 * VALUES (:ownerId!, :name!, :email)
 * RETURNING id, name, email, created_at
 * ```
 */
export const insertCustomer = new PreparedQuery<IInsertCustomerParams,IInsertCustomerResult>(insertCustomerIR);


/** 'GetCustomerForOwner' parameters type */
export interface IGetCustomerForOwnerParams {
  id: number;
  ownerId: number;
}

/** 'GetCustomerForOwner' return type */
export interface IGetCustomerForOwnerResult {
  created_at: Date;
  email: string | null;
  id: number;
  name: string;
}

/** 'GetCustomerForOwner' query type */
export interface IGetCustomerForOwnerQuery {
  params: IGetCustomerForOwnerParams;
  result: IGetCustomerForOwnerResult;
}

const getCustomerForOwnerIR: any = {"usedParamSet":{"id":true,"ownerId":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":64,"b":67}]},{"name":"ownerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":84,"b":92}]}],"statement":"SELECT id, name, email, created_at\n  FROM customers\n WHERE id = :id! AND owner_id = :ownerId!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, name, email, created_at
 *   FROM customers
 *  WHERE id = :id! AND owner_id = :ownerId!
 * ```
 */
export const getCustomerForOwner = new PreparedQuery<IGetCustomerForOwnerParams,IGetCustomerForOwnerResult>(getCustomerForOwnerIR);


/** 'ListCustomersForOwner' parameters type */
export interface IListCustomersForOwnerParams {
  beforeId?: number | null | void;
  limit: number;
  ownerId: number;
}

/** 'ListCustomersForOwner' return type */
export interface IListCustomersForOwnerResult {
  created_at: Date;
  email: string | null;
  id: number;
  name: string;
}

/** 'ListCustomersForOwner' query type */
export interface IListCustomersForOwnerQuery {
  params: IListCustomersForOwnerParams;
  result: IListCustomersForOwnerResult;
}

const listCustomersForOwnerIR: any = {"usedParamSet":{"ownerId":true,"beforeId":true,"limit":true},"params":[{"name":"ownerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":164,"b":172}]},{"name":"beforeId","required":false,"transform":{"type":"scalar"},"locs":[{"a":182,"b":190},{"a":214,"b":222}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":256,"b":262}]}],"statement":"-- Keyset page on id DESC: beforeId is the last id of the previous page (NULL for the first).\nSELECT id, name, email, created_at\n  FROM customers\n WHERE owner_id = :ownerId!\n   AND (:beforeId::int8 IS NULL OR id < :beforeId::int8)\n ORDER BY id DESC\n LIMIT :limit!::int8"};

/**
 * Query generated from SQL:
 * ```
 * -- Keyset page on id DESC: beforeId is the last id of the previous page (NULL for the first).
 * SELECT id, name, email, created_at
 *   FROM customers
 *  WHERE owner_id = :ownerId!
 *    AND (:beforeId::int8 IS NULL OR id < :beforeId::int8)
 *  ORDER BY id DESC
 *  LIMIT :limit!::int8
 * ```
 */
export const listCustomersForOwner = new PreparedQuery<IListCustomersForOwnerParams,IListCustomersForOwnerResult>(listCustomersForOwnerIR);


/** 'UpdateCustomerForOwner' parameters type */
export interface IUpdateCustomerForOwnerParams {
  email?: string | null | void;
  id: number;
  name?: string | null | void;
  ownerId: number;
  setEmail: boolean;
}

/** 'UpdateCustomerForOwner' return type */
export interface IUpdateCustomerForOwnerResult {
  created_at: Date;
  email: string | null;
  id: number;
  name: string;
}

/** 'UpdateCustomerForOwner' query type */
export interface IUpdateCustomerForOwnerQuery {
  params: IUpdateCustomerForOwnerParams;
  result: IUpdateCustomerForOwnerResult;
}

const updateCustomerForOwnerIR: any = {"usedParamSet":{"name":true,"setEmail":true,"email":true,"id":true,"ownerId":true},"params":[{"name":"name","required":false,"transform":{"type":"scalar"},"locs":[{"a":178,"b":182}]},{"name":"setEmail","required":true,"transform":{"type":"scalar"},"locs":[{"a":223,"b":232}]},{"name":"email","required":false,"transform":{"type":"scalar"},"locs":[{"a":248,"b":253}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":288,"b":291}]},{"name":"ownerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":308,"b":316}]}],"statement":"-- Partial update: a NULL name keeps the current one (name is NOT NULL); email needs a flag\n-- because NULL is a value it may be set to.\nUPDATE customers\n   SET name  = COALESCE(:name::text, name),\n       email = CASE WHEN :setEmail!::boolean THEN :email::text ELSE email END\n WHERE id = :id! AND owner_id = :ownerId!\nRETURNING id, name, email, created_at"};

/**
 * Query generated from SQL:
 * ```
 * -- Partial update: a NULL name keeps the current one (name is NOT NULL); email needs a flag
 * -- because NULL is a value it may be set to.
 * UPDATE customers
 *    SET name  = COALESCE(:name::text, name),
 *        email = CASE WHEN :setEmail!::boolean THEN :email::text ELSE email END
 *  WHERE id = :id! AND owner_id = :ownerId!
 * RETURNING id, name, email, created_at
 * ```
 */
export const updateCustomerForOwner = new PreparedQuery<IUpdateCustomerForOwnerParams,IUpdateCustomerForOwnerResult>(updateCustomerForOwnerIR);


/** 'DeleteCustomerForOwner' parameters type */
export interface IDeleteCustomerForOwnerParams {
  id: number;
  ownerId: number;
}

/** 'DeleteCustomerForOwner' return type */
export interface IDeleteCustomerForOwnerResult {
  id: number;
}

/** 'DeleteCustomerForOwner' query type */
export interface IDeleteCustomerForOwnerQuery {
  params: IDeleteCustomerForOwnerParams;
  result: IDeleteCustomerForOwnerResult;
}

const deleteCustomerForOwnerIR: any = {"usedParamSet":{"id":true,"ownerId":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":129,"b":132}]},{"name":"ownerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":149,"b":157}]}],"statement":"-- Fails with SQLSTATE 23503 while invoices still reference the customer (ON DELETE RESTRICT).\nDELETE FROM customers\n WHERE id = :id! AND owner_id = :ownerId!\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * -- Fails with SQLSTATE 23503 while invoices still reference the customer (ON DELETE RESTRICT).
 * DELETE FROM customers
 *  WHERE id = :id! AND owner_id = :ownerId!
 * RETURNING id
 * ```
 */
export const deleteCustomerForOwner = new PreparedQuery<IDeleteCustomerForOwnerParams,IDeleteCustomerForOwnerResult>(deleteCustomerForOwnerIR);


/** 'UpdateCustomerById' parameters type */
export interface IUpdateCustomerByIdParams {
  email?: string | null | void;
  id: number;
  name?: string | null | void;
  setEmail: boolean;
}

/** 'UpdateCustomerById' return type */
export interface IUpdateCustomerByIdResult {
  created_at: Date;
  email: string | null;
  id: number;
  name: string;
}

/** 'UpdateCustomerById' query type */
export interface IUpdateCustomerByIdQuery {
  params: IUpdateCustomerByIdParams;
  result: IUpdateCustomerByIdResult;
}

const updateCustomerByIdIR: any = {"usedParamSet":{"name":true,"setEmail":true,"email":true,"id":true},"params":[{"name":"name","required":false,"transform":{"type":"scalar"},"locs":[{"a":134,"b":138}]},{"name":"setEmail","required":true,"transform":{"type":"scalar"},"locs":[{"a":179,"b":188}]},{"name":"email","required":false,"transform":{"type":"scalar"},"locs":[{"a":204,"b":209}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":244,"b":247}]}],"statement":"-- Staff only (the admin): the same partial update as UpdateCustomerForOwner, across owners.\nUPDATE customers\n   SET name  = COALESCE(:name::text, name),\n       email = CASE WHEN :setEmail!::boolean THEN :email::text ELSE email END\n WHERE id = :id!\nRETURNING id, name, email, created_at"};

/**
 * Query generated from SQL:
 * ```
 * -- Staff only (the admin): the same partial update as UpdateCustomerForOwner, across owners.
 * UPDATE customers
 *    SET name  = COALESCE(:name::text, name),
 *        email = CASE WHEN :setEmail!::boolean THEN :email::text ELSE email END
 *  WHERE id = :id!
 * RETURNING id, name, email, created_at
 * ```
 */
export const updateCustomerById = new PreparedQuery<IUpdateCustomerByIdParams,IUpdateCustomerByIdResult>(updateCustomerByIdIR);


/** 'DeleteCustomerById' parameters type */
export interface IDeleteCustomerByIdParams {
  id: number;
}

/** 'DeleteCustomerById' return type */
export interface IDeleteCustomerByIdResult {
  id: number;
}

/** 'DeleteCustomerById' query type */
export interface IDeleteCustomerByIdQuery {
  params: IDeleteCustomerByIdParams;
  result: IDeleteCustomerByIdResult;
}

const deleteCustomerByIdIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":131,"b":134}]}],"statement":"-- Staff only (the admin), across owners; fails with SQLSTATE 23503 while invoices reference it.\nDELETE FROM customers\n WHERE id = :id!\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * -- Staff only (the admin), across owners; fails with SQLSTATE 23503 while invoices reference it.
 * DELETE FROM customers
 *  WHERE id = :id!
 * RETURNING id
 * ```
 */
export const deleteCustomerById = new PreparedQuery<IDeleteCustomerByIdParams,IDeleteCustomerByIdResult>(deleteCustomerByIdIR);


