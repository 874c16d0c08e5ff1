/** Types generated for queries found in "src/features/users/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

/** 'InsertUser' parameters type */
export interface IInsertUserParams {
  email: string;
  isStaff: boolean;
  name: string;
  passwordHash: string;
}

/** 'InsertUser' return type */
export interface IInsertUserResult {
  balance_cents: number;
  created_at: Date;
  email: string;
  id: number;
  is_staff: boolean;
  name: string;
}

/** 'InsertUser' query type */
export interface IInsertUserQuery {
  params: IInsertUserParams;
  result: IInsertUserResult;
}

const insertUserIR: any = {"usedParamSet":{"email":true,"name":true,"passwordHash":true,"isStaff":true},"params":[{"name":"email","required":true,"transform":{"type":"scalar"},"locs":[{"a":65,"b":71}]},{"name":"name","required":true,"transform":{"type":"scalar"},"locs":[{"a":74,"b":79}]},{"name":"passwordHash","required":true,"transform":{"type":"scalar"},"locs":[{"a":82,"b":95}]},{"name":"isStaff","required":true,"transform":{"type":"scalar"},"locs":[{"a":98,"b":106}]}],"statement":"INSERT INTO users (email, name, password_hash, is_staff)\nVALUES (:email!, :name!, :passwordHash!, :isStaff!)\nRETURNING id, email, name, is_staff, balance_cents, created_at"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO users (email, name, password_hash, is_staff)
 * VALUES (:email!, :name!, :passwordHash!, :isStaff!)
 * RETURNING id, email, name, is_staff, balance_cents, created_at
 * ```
 */
export const insertUser = new PreparedQuery<IInsertUserParams,IInsertUserResult>(insertUserIR);


/** 'GetUserById' parameters type */
export interface IGetUserByIdParams {
  id: number;
}

/** 'GetUserById' return type */
export interface IGetUserByIdResult {
  balance_cents: number;
  created_at: Date;
  email: string;
  id: number;
  is_staff: boolean;
  name: string;
}

/** 'GetUserById' query type */
export interface IGetUserByIdQuery {
  params: IGetUserByIdParams;
  result: IGetUserByIdResult;
}

const getUserByIdIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":85,"b":88}]}],"statement":"SELECT id, email, name, is_staff, balance_cents, created_at\n  FROM users\n WHERE id = :id!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, email, name, is_staff, balance_cents, created_at
 *   FROM users
 *  WHERE id = :id!
 * ```
 */
export const getUserById = new PreparedQuery<IGetUserByIdParams,IGetUserByIdResult>(getUserByIdIR);


/** 'GetCredentialsByEmail' parameters type */
export interface IGetCredentialsByEmailParams {
  email: string;
}

/** 'GetCredentialsByEmail' return type */
export interface IGetCredentialsByEmailResult {
  id: number;
  is_active: boolean;
  password_hash: string;
}

/** 'GetCredentialsByEmail' query type */
export interface IGetCredentialsByEmailQuery {
  params: IGetCredentialsByEmailParams;
  result: IGetCredentialsByEmailResult;
}

const getCredentialsByEmailIR: any = {"usedParamSet":{"email":true},"params":[{"name":"email","required":true,"transform":{"type":"scalar"},"locs":[{"a":64,"b":70}]}],"statement":"SELECT id, password_hash, is_active\n  FROM users\n WHERE email = :email!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, password_hash, is_active
 *   FROM users
 *  WHERE email = :email!
 * ```
 */
export const getCredentialsByEmail = new PreparedQuery<IGetCredentialsByEmailParams,IGetCredentialsByEmailResult>(getCredentialsByEmailIR);


/** 'InsertApiToken' parameters type */
export interface IInsertApiTokenParams {
  createdAt: DateOrString;
  expiresAt: DateOrString;
  tokenHash: Buffer;
  userId: number;
}

/** 'InsertApiToken' return type */
export interface IInsertApiTokenResult {
  expires_at: Date;
  id: number;
}

/** 'InsertApiToken' query type */
export interface IInsertApiTokenQuery {
  params: IInsertApiTokenParams;
  result: IInsertApiTokenResult;
}

const insertApiTokenIR: any = {"usedParamSet":{"userId":true,"tokenHash":true,"createdAt":true,"expiresAt":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":77,"b":84}]},{"name":"tokenHash","required":true,"transform":{"type":"scalar"},"locs":[{"a":87,"b":97}]},{"name":"createdAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":100,"b":110}]},{"name":"expiresAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":113,"b":123}]}],"statement":"INSERT INTO api_tokens (user_id, token_hash, created_at, expires_at)\nVALUES (:userId!, :tokenHash!, :createdAt!, :expiresAt!)\nRETURNING id, expires_at"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO api_tokens (user_id, token_hash, created_at, expires_at)
 * VALUES (:userId!, :tokenHash!, :createdAt!, :expiresAt!)
 * RETURNING id, expires_at
 * ```
 */
export const insertApiToken = new PreparedQuery<IInsertApiTokenParams,IInsertApiTokenResult>(insertApiTokenIR);


/** 'GetPrincipalByTokenHash' parameters type */
export interface IGetPrincipalByTokenHashParams {
  now: DateOrString;
  tokenHash: Buffer;
}

/** 'GetPrincipalByTokenHash' return type */
export interface IGetPrincipalByTokenHashResult {
  expires_at: Date;
  is_staff: boolean;
  token_id: number;
  user_id: number;
}

/** 'GetPrincipalByTokenHash' query type */
export interface IGetPrincipalByTokenHashQuery {
  params: IGetPrincipalByTokenHashParams;
  result: IGetPrincipalByTokenHashResult;
}

const getPrincipalByTokenHashIR: any = {"usedParamSet":{"tokenHash":true,"now":true},"params":[{"name":"tokenHash","required":true,"transform":{"type":"scalar"},"locs":[{"a":278,"b":288}]},{"name":"now","required":true,"transform":{"type":"scalar"},"locs":[{"a":340,"b":344}]}],"statement":"-- Who a bearer token belongs to, in one statement: the token must be unrevoked and unexpired at\n-- `now`, and its user still active.\nSELECT t.id AS token_id, u.id AS user_id, u.is_staff, t.expires_at\n  FROM api_tokens t\n  JOIN users u ON u.id = t.user_id\n WHERE t.token_hash = :tokenHash!\n   AND t.revoked_at IS NULL\n   AND t.expires_at > :now!\n   AND u.is_active"};

/**
 * Query generated from SQL:
 * ```
 * -- Who a bearer token belongs to, in one statement: the token must be unrevoked and unexpired at
 * -- `now`, and its user still active.
 * SELECT t.id AS token_id, u.id AS user_id, u.is_staff, t.expires_at
 *   FROM api_tokens t
 *   JOIN users u ON u.id = t.user_id
 *  WHERE t.token_hash = :tokenHash!
 *    AND t.revoked_at IS NULL
 *    AND t.expires_at > :now!
 *    AND u.is_active
 * ```
 */
export const getPrincipalByTokenHash = new PreparedQuery<IGetPrincipalByTokenHashParams,IGetPrincipalByTokenHashResult>(getPrincipalByTokenHashIR);


/** 'RevokeApiToken' parameters type */
export interface IRevokeApiTokenParams {
  now: DateOrString;
  tokenId: number;
  userId: number;
}

/** 'RevokeApiToken' return type */
export type IRevokeApiTokenResult = void;

/** 'RevokeApiToken' query type */
export interface IRevokeApiTokenQuery {
  params: IRevokeApiTokenParams;
  result: IRevokeApiTokenResult;
}

const revokeApiTokenIR: any = {"usedParamSet":{"now":true,"tokenId":true,"userId":true},"params":[{"name":"now","required":true,"transform":{"type":"scalar"},"locs":[{"a":38,"b":42}]},{"name":"tokenId","required":true,"transform":{"type":"scalar"},"locs":[{"a":56,"b":64}]},{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":83,"b":90}]}],"statement":"UPDATE api_tokens\n   SET revoked_at = :now!\n WHERE id = :tokenId!\n   AND user_id = :userId!\n   AND revoked_at IS NULL"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE api_tokens
 *    SET revoked_at = :now!
 *  WHERE id = :tokenId!
 *    AND user_id = :userId!
 *    AND revoked_at IS NULL
 * ```
 */
export const revokeApiToken = new PreparedQuery<IRevokeApiTokenParams,IRevokeApiTokenResult>(revokeApiTokenIR);


/** 'InsertLoginFailure' parameters type */
export interface IInsertLoginFailureParams {
  clientIp: string;
  email: string;
  occurredAt: DateOrString;
}

/** 'InsertLoginFailure' return type */
export type IInsertLoginFailureResult = void;

/** 'InsertLoginFailure' query type */
export interface IInsertLoginFailureQuery {
  params: IInsertLoginFailureParams;
  result: IInsertLoginFailureResult;
}

const insertLoginFailureIR: any = {"usedParamSet":{"email":true,"clientIp":true,"occurredAt":true},"params":[{"name":"email","required":true,"transform":{"type":"scalar"},"locs":[{"a":67,"b":73}]},{"name":"clientIp","required":true,"transform":{"type":"scalar"},"locs":[{"a":76,"b":85}]},{"name":"occurredAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":88,"b":99}]}],"statement":"INSERT INTO login_failures (email, client_ip, occurred_at)\nVALUES (:email!, :clientIp!, :occurredAt!)"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO login_failures (email, client_ip, occurred_at)
 * VALUES (:email!, :clientIp!, :occurredAt!)
 * ```
 */
export const insertLoginFailure = new PreparedQuery<IInsertLoginFailureParams,IInsertLoginFailureResult>(insertLoginFailureIR);


/** 'GetLoginThrottleState' parameters type */
export interface IGetLoginThrottleStateParams {
  addressOffset: number;
  clientIp: string;
  email: string;
  emailOffset: number;
  since: DateOrString;
}

/** 'GetLoginThrottleState' return type */
export interface IGetLoginThrottleStateResult {
  address_blocked_since: Date | null;
  email_blocked_since: Date | null;
}

/** 'GetLoginThrottleState' query type */
export interface IGetLoginThrottleStateQuery {
  params: IGetLoginThrottleStateParams;
  result: IGetLoginThrottleStateResult;
}

const getLoginThrottleStateIR: any = {"usedParamSet":{"email":true,"since":true,"emailOffset":true,"clientIp":true,"addressOffset":true},"params":[{"name":"email","required":true,"transform":{"type":"scalar"},"locs":[{"a":461,"b":467}]},{"name":"since","required":true,"transform":{"type":"scalar"},"locs":[{"a":487,"b":493},{"a":680,"b":686}]},{"name":"emailOffset","required":true,"transform":{"type":"scalar"},"locs":[{"a":535,"b":547}]},{"name":"clientIp","required":true,"transform":{"type":"scalar"},"locs":[{"a":651,"b":660}]},{"name":"addressOffset","required":true,"transform":{"type":"scalar"},"locs":[{"a":728,"b":742}]}],"statement":"-- For each key (e-mail, client address): the time of its limit-th most recent failure inside the\n-- window (offset = limit - 1), or NULL when it has fewer failures than the limit. A non-NULL value\n-- means the key is blocked until that failure leaves the window. Each subquery reads at most\n-- `limit` index entries, newest first, so the cost stays bounded however many failures pile up.\nSELECT\n  (SELECT occurred_at\n     FROM login_failures\n    WHERE email = :email! AND occurred_at > :since!\n    ORDER BY occurred_at DESC\n   OFFSET :emailOffset! LIMIT 1) AS email_blocked_since,\n  (SELECT occurred_at\n     FROM login_failures\n    WHERE client_ip = :clientIp! AND occurred_at > :since!\n    ORDER BY occurred_at DESC\n   OFFSET :addressOffset! LIMIT 1) AS address_blocked_since"};

/**
 * Query generated from SQL:
 * ```
 * -- For each key (e-mail, client address): the time of its limit-th most recent failure inside the
 * -- window (offset = limit - 1), or NULL when it has fewer failures than the limit. A non-NULL value
 * -- means the key is blocked until that failure leaves the window. Each subquery reads at most
 * -- `limit` index entries, newest first, so the cost stays bounded however many failures pile up.
 * SELECT
 *   (SELECT occurred_at
 *      FROM login_failures
 *     WHERE email = :email! AND occurred_at > :since!
 *     ORDER BY occurred_at DESC
 *    OFFSET :emailOffset! LIMIT 1) AS email_blocked_since,
 *   (SELECT occurred_at
 *      FROM login_failures
 *     WHERE client_ip = :clientIp! AND occurred_at > :since!
 *     ORDER BY occurred_at DESC
 *    OFFSET :addressOffset! LIMIT 1) AS address_blocked_since
 * ```
 */
export const getLoginThrottleState = new PreparedQuery<IGetLoginThrottleStateParams,IGetLoginThrottleStateResult>(getLoginThrottleStateIR);


