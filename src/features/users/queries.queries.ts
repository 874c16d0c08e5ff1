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


/** 'DeleteExpiredApiTokens' parameters type */
export interface IDeleteExpiredApiTokensParams {
  before: DateOrString;
  limit: number;
}

/** 'DeleteExpiredApiTokens' return type */
export interface IDeleteExpiredApiTokensResult {
  deleted: number | null;
}

/** 'DeleteExpiredApiTokens' query type */
export interface IDeleteExpiredApiTokensQuery {
  params: IDeleteExpiredApiTokensParams;
  result: IDeleteExpiredApiTokensResult;
}

const deleteExpiredApiTokensIR: any = {"usedParamSet":{"before":true,"limit":true},"params":[{"name":"before","required":true,"transform":{"type":"scalar"},"locs":[{"a":272,"b":279}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":307,"b":313}]}],"statement":"-- Housekeeping: up to `limit` tokens that expired before `before`, oldest first (api_tokens_expires_at_idx).\n-- Batches keep each transaction short: every deleted row also NOTIFYs ledgerline_auth (trigger).\nWITH doomed AS (\n  SELECT id FROM api_tokens WHERE expires_at < :before! ORDER BY expires_at LIMIT :limit!\n), deleted AS (\n  DELETE FROM api_tokens t USING doomed WHERE t.id = doomed.id RETURNING 1\n)\nSELECT count(*)::int AS deleted FROM deleted"};

/**
 * Query generated from SQL:
 * ```
 * -- Housekeeping: up to `limit` tokens that expired before `before`, oldest first (api_tokens_expires_at_idx).
 * -- Batches keep each transaction short: every deleted row also NOTIFYs ledgerline_auth (trigger).
 * WITH doomed AS (
 *   SELECT id FROM api_tokens WHERE expires_at < :before! ORDER BY expires_at LIMIT :limit!
 * ), deleted AS (
 *   DELETE FROM api_tokens t USING doomed WHERE t.id = doomed.id RETURNING 1
 * )
 * SELECT count(*)::int AS deleted FROM deleted
 * ```
 */
export const deleteExpiredApiTokens = new PreparedQuery<IDeleteExpiredApiTokensParams,IDeleteExpiredApiTokensResult>(deleteExpiredApiTokensIR);


/** 'DeleteLoginFailuresBefore' parameters type */
export interface IDeleteLoginFailuresBeforeParams {
  before: DateOrString;
  limit: number;
}

/** 'DeleteLoginFailuresBefore' return type */
export interface IDeleteLoginFailuresBeforeResult {
  deleted: number | null;
}

/** 'DeleteLoginFailuresBefore' query type */
export interface IDeleteLoginFailuresBeforeQuery {
  params: IDeleteLoginFailuresBeforeParams;
  result: IDeleteLoginFailuresBeforeResult;
}

const deleteLoginFailuresBeforeIR: any = {"usedParamSet":{"before":true,"limit":true},"params":[{"name":"before","required":true,"transform":{"type":"scalar"},"locs":[{"a":174,"b":181}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":210,"b":216}]}],"statement":"-- Housekeeping: up to `limit` failures older than the throttle window (login_failures_occurred_at_idx).\nWITH doomed AS (\n  SELECT id FROM login_failures WHERE occurred_at < :before! ORDER BY occurred_at LIMIT :limit!\n), deleted AS (\n  DELETE FROM login_failures f USING doomed WHERE f.id = doomed.id RETURNING 1\n)\nSELECT count(*)::int AS deleted FROM deleted"};

/**
 * Query generated from SQL:
 * ```
 * -- Housekeeping: up to `limit` failures older than the throttle window (login_failures_occurred_at_idx).
 * WITH doomed AS (
 *   SELECT id FROM login_failures WHERE occurred_at < :before! ORDER BY occurred_at LIMIT :limit!
 * ), deleted AS (
 *   DELETE FROM login_failures f USING doomed WHERE f.id = doomed.id RETURNING 1
 * )
 * SELECT count(*)::int AS deleted FROM deleted
 * ```
 */
export const deleteLoginFailuresBefore = new PreparedQuery<IDeleteLoginFailuresBeforeParams,IDeleteLoginFailuresBeforeResult>(deleteLoginFailuresBeforeIR);


/** 'RevokeApiTokensForUser' parameters type */
export interface IRevokeApiTokensForUserParams {
  now: DateOrString;
  userId: number;
}

/** 'RevokeApiTokensForUser' return type */
export type IRevokeApiTokensForUserResult = void;

/** 'RevokeApiTokensForUser' query type */
export interface IRevokeApiTokensForUserQuery {
  params: IRevokeApiTokensForUserParams;
  result: IRevokeApiTokensForUserResult;
}

const revokeApiTokensForUserIR: any = {"usedParamSet":{"now":true,"userId":true},"params":[{"name":"now","required":true,"transform":{"type":"scalar"},"locs":[{"a":215,"b":219}]},{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":238,"b":245}]}],"statement":"-- Every live token of a user at once (password reset). The api_tokens trigger (migrations/0007)\n-- notifies every web process, whose principal caches then forget these tokens.\nUPDATE api_tokens\n   SET revoked_at = :now!\n WHERE user_id = :userId!\n   AND revoked_at IS NULL"};

/**
 * Query generated from SQL:
 * ```
 * -- Every live token of a user at once (password reset). The api_tokens trigger (migrations/0007)
 * -- notifies every web process, whose principal caches then forget these tokens.
 * UPDATE api_tokens
 *    SET revoked_at = :now!
 *  WHERE user_id = :userId!
 *    AND revoked_at IS NULL
 * ```
 */
export const revokeApiTokensForUser = new PreparedQuery<IRevokeApiTokensForUserParams,IRevokeApiTokensForUserResult>(revokeApiTokensForUserIR);


/** 'UpdateUserPasswordHash' parameters type */
export interface IUpdateUserPasswordHashParams {
  id: number;
  passwordHash: string;
}

/** 'UpdateUserPasswordHash' return type */
export type IUpdateUserPasswordHashResult = void;

/** 'UpdateUserPasswordHash' query type */
export interface IUpdateUserPasswordHashQuery {
  params: IUpdateUserPasswordHashParams;
  result: IUpdateUserPasswordHashResult;
}

const updateUserPasswordHashIR: any = {"usedParamSet":{"passwordHash":true,"id":true},"params":[{"name":"passwordHash","required":true,"transform":{"type":"scalar"},"locs":[{"a":36,"b":49}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":63,"b":66}]}],"statement":"UPDATE users\n   SET password_hash = :passwordHash!\n WHERE id = :id!"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE users
 *    SET password_hash = :passwordHash!
 *  WHERE id = :id!
 * ```
 */
export const updateUserPasswordHash = new PreparedQuery<IUpdateUserPasswordHashParams,IUpdateUserPasswordHashResult>(updateUserPasswordHashIR);


/** 'InsertPasswordResetForEmail' parameters type */
export interface IInsertPasswordResetForEmailParams {
  email: string;
  expiresAt: DateOrString;
  maxPerWindow: number;
  now: DateOrString;
  since: DateOrString;
  tokenHash: Buffer;
  tokenSealed: Buffer;
}

/** 'InsertPasswordResetForEmail' return type */
export interface IInsertPasswordResetForEmailResult {
  id: number;
  user_id: number;
}

/** 'InsertPasswordResetForEmail' query type */
export interface IInsertPasswordResetForEmailQuery {
  params: IInsertPasswordResetForEmailParams;
  result: IInsertPasswordResetForEmailResult;
}

const insertPasswordResetForEmailIR: any = {"usedParamSet":{"tokenHash":true,"tokenSealed":true,"now":true,"expiresAt":true,"email":true,"since":true,"maxPerWindow":true},"params":[{"name":"tokenHash","required":true,"transform":{"type":"scalar"},"locs":[{"a":542,"b":552}]},{"name":"tokenSealed","required":true,"transform":{"type":"scalar"},"locs":[{"a":555,"b":567}]},{"name":"now","required":true,"transform":{"type":"scalar"},"locs":[{"a":570,"b":574}]},{"name":"expiresAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":577,"b":587}]},{"name":"email","required":true,"transform":{"type":"scalar"},"locs":[{"a":621,"b":627}]},{"name":"since","required":true,"transform":{"type":"scalar"},"locs":[{"a":756,"b":762}]},{"name":"maxPerWindow","required":true,"transform":{"type":"scalar"},"locs":[{"a":767,"b":780}]}],"statement":"-- A reset for the active user with this e-mail address, unless that user already asked for\n-- :maxPerWindow resets since :since (throttled silently: the caller answers 202 either way). No\n-- row back means an unknown address, an inactive user or a throttled one, all alike. The count\n-- reads at most a few index entries (password_resets_user_idx); concurrent requests can overshoot\n-- the limit by the number in flight, which is harmless.\nINSERT INTO password_resets (user_id, token_hash, token_sealed, created_at, expires_at)\nSELECT u.id, :tokenHash!, :tokenSealed!, :now!, :expiresAt!\n  FROM users u\n WHERE u.email = :email!\n   AND u.is_active\n   AND (SELECT count(*)\n          FROM password_resets r\n         WHERE r.user_id = u.id AND r.created_at > :since!) < :maxPerWindow!::int8\nRETURNING id, user_id"};

/**
 * Query generated from SQL:
 * ```
 * -- A reset for the active user with this e-mail address, unless that user already asked for
 * -- :maxPerWindow resets since :since (throttled silently: the caller answers 202 either way). No
 * -- row back means an unknown address, an inactive user or a throttled one, all alike. The count
 * -- reads at most a few index entries (password_resets_user_idx); concurrent requests can overshoot
 * -- the limit by the number in flight, which is harmless.
 * INSERT INTO password_resets (user_id, token_hash, token_sealed, created_at, expires_at)
 * SELECT u.id, :tokenHash!, :tokenSealed!, :now!, :expiresAt!
 *   FROM users u
 *  WHERE u.email = :email!
 *    AND u.is_active
 *    AND (SELECT count(*)
 *           FROM password_resets r
 *          WHERE r.user_id = u.id AND r.created_at > :since!) < :maxPerWindow!::int8
 * RETURNING id, user_id
 * ```
 */
export const insertPasswordResetForEmail = new PreparedQuery<IInsertPasswordResetForEmailParams,IInsertPasswordResetForEmailResult>(insertPasswordResetForEmailIR);


/** 'GetOpenPasswordResetByTokenHash' parameters type */
export interface IGetOpenPasswordResetByTokenHashParams {
  now: DateOrString;
  tokenHash: Buffer;
}

/** 'GetOpenPasswordResetByTokenHash' return type */
export interface IGetOpenPasswordResetByTokenHashResult {
  email: string;
  id: number;
  user_id: number;
}

/** 'GetOpenPasswordResetByTokenHash' query type */
export interface IGetOpenPasswordResetByTokenHashQuery {
  params: IGetOpenPasswordResetByTokenHashParams;
  result: IGetOpenPasswordResetByTokenHashResult;
}

const getOpenPasswordResetByTokenHashIR: any = {"usedParamSet":{"tokenHash":true,"now":true},"params":[{"name":"tokenHash","required":true,"transform":{"type":"scalar"},"locs":[{"a":196,"b":206}]},{"name":"now","required":true,"transform":{"type":"scalar"},"locs":[{"a":255,"b":259}]}],"statement":"-- The reset a token opens: unused, unexpired at :now, and its user still active.\nSELECT r.id, r.user_id, u.email\n  FROM password_resets r\n  JOIN users u ON u.id = r.user_id\n WHERE r.token_hash = :tokenHash!\n   AND r.used_at IS NULL\n   AND r.expires_at > :now!\n   AND u.is_active"};

/**
 * Query generated from SQL:
 * ```
 * -- The reset a token opens: unused, unexpired at :now, and its user still active.
 * SELECT r.id, r.user_id, u.email
 *   FROM password_resets r
 *   JOIN users u ON u.id = r.user_id
 *  WHERE r.token_hash = :tokenHash!
 *    AND r.used_at IS NULL
 *    AND r.expires_at > :now!
 *    AND u.is_active
 * ```
 */
export const getOpenPasswordResetByTokenHash = new PreparedQuery<IGetOpenPasswordResetByTokenHashParams,IGetOpenPasswordResetByTokenHashResult>(getOpenPasswordResetByTokenHashIR);


/** 'UsePasswordReset' parameters type */
export interface IUsePasswordResetParams {
  id: number;
  now: DateOrString;
}

/** 'UsePasswordReset' return type */
export interface IUsePasswordResetResult {
  user_id: number;
}

/** 'UsePasswordReset' query type */
export interface IUsePasswordResetQuery {
  params: IUsePasswordResetParams;
  result: IUsePasswordResetResult;
}

const usePasswordResetIR: any = {"usedParamSet":{"now":true,"id":true},"params":[{"name":"now","required":true,"transform":{"type":"scalar"},"locs":[{"a":254,"b":258},{"a":341,"b":345}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":293,"b":296}]}],"statement":"-- Single use, decided by this conditional UPDATE: of two concurrent confirmations with the same\n-- token, one matches and the other (re-checking after the row lock) matches nothing. The seal is\n-- erased with it.\nUPDATE password_resets\n   SET used_at = :now!, token_sealed = NULL\n WHERE id = :id!\n   AND used_at IS NULL\n   AND expires_at > :now!\nRETURNING user_id"};

/**
 * Query generated from SQL:
 * ```
 * -- Single use, decided by this conditional UPDATE: of two concurrent confirmations with the same
 * -- token, one matches and the other (re-checking after the row lock) matches nothing. The seal is
 * -- erased with it.
 * UPDATE password_resets
 *    SET used_at = :now!, token_sealed = NULL
 *  WHERE id = :id!
 *    AND used_at IS NULL
 *    AND expires_at > :now!
 * RETURNING user_id
 * ```
 */
export const usePasswordReset = new PreparedQuery<IUsePasswordResetParams,IUsePasswordResetResult>(usePasswordResetIR);


/** 'CloseOpenPasswordResetsForUser' parameters type */
export interface ICloseOpenPasswordResetsForUserParams {
  now: DateOrString;
  userId: number;
}

/** 'CloseOpenPasswordResetsForUser' return type */
export type ICloseOpenPasswordResetsForUserResult = void;

/** 'CloseOpenPasswordResetsForUser' query type */
export interface ICloseOpenPasswordResetsForUserQuery {
  params: ICloseOpenPasswordResetsForUserParams;
  result: ICloseOpenPasswordResetsForUserResult;
}

const closeOpenPasswordResetsForUserIR: any = {"usedParamSet":{"now":true,"userId":true},"params":[{"name":"now","required":true,"transform":{"type":"scalar"},"locs":[{"a":122,"b":126}]},{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":166,"b":173}]}],"statement":"-- After a successful reset, the user's other outstanding links stop working too.\nUPDATE password_resets\n   SET used_at = :now!, token_sealed = NULL\n WHERE user_id = :userId!\n   AND used_at IS NULL"};

/**
 * Query generated from SQL:
 * ```
 * -- After a successful reset, the user's other outstanding links stop working too.
 * UPDATE password_resets
 *    SET used_at = :now!, token_sealed = NULL
 *  WHERE user_id = :userId!
 *    AND used_at IS NULL
 * ```
 */
export const closeOpenPasswordResetsForUser = new PreparedQuery<ICloseOpenPasswordResetsForUserParams,ICloseOpenPasswordResetsForUserResult>(closeOpenPasswordResetsForUserIR);


/** 'GetPasswordResetForNotification' parameters type */
export interface IGetPasswordResetForNotificationParams {
  id: number;
}

/** 'GetPasswordResetForNotification' return type */
export interface IGetPasswordResetForNotificationResult {
  email: string;
  expires_at: Date;
  id: number;
  is_active: boolean;
  name: string;
  token_hash: Buffer;
  token_sealed: Buffer | null;
  used_at: Date | null;
}

/** 'GetPasswordResetForNotification' query type */
export interface IGetPasswordResetForNotificationQuery {
  params: IGetPasswordResetForNotificationParams;
  result: IGetPasswordResetForNotificationResult;
}

const getPasswordResetForNotificationIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":273,"b":276}]}],"statement":"-- What the reset e-mail needs: the address, the name, the sealed token and whether it is still open.\nSELECT r.id, r.token_hash, r.token_sealed, r.expires_at, r.used_at, u.email, u.name, u.is_active\n  FROM password_resets r\n  JOIN users u ON u.id = r.user_id\n WHERE r.id = :id!"};

/**
 * Query generated from SQL:
 * ```
 * -- What the reset e-mail needs: the address, the name, the sealed token and whether it is still open.
 * SELECT r.id, r.token_hash, r.token_sealed, r.expires_at, r.used_at, u.email, u.name, u.is_active
 *   FROM password_resets r
 *   JOIN users u ON u.id = r.user_id
 *  WHERE r.id = :id!
 * ```
 */
export const getPasswordResetForNotification = new PreparedQuery<IGetPasswordResetForNotificationParams,IGetPasswordResetForNotificationResult>(getPasswordResetForNotificationIR);


/** 'DeletePasswordResetsExpiredBefore' parameters type */
export interface IDeletePasswordResetsExpiredBeforeParams {
  before: DateOrString;
  limit: number;
}

/** 'DeletePasswordResetsExpiredBefore' return type */
export interface IDeletePasswordResetsExpiredBeforeResult {
  deleted: number | null;
}

/** 'DeletePasswordResetsExpiredBefore' query type */
export interface IDeletePasswordResetsExpiredBeforeQuery {
  params: IDeletePasswordResetsExpiredBeforeParams;
  result: IDeletePasswordResetsExpiredBeforeResult;
}

const deletePasswordResetsExpiredBeforeIR: any = {"usedParamSet":{"before":true,"limit":true},"params":[{"name":"before","required":true,"transform":{"type":"scalar"},"locs":[{"a":262,"b":269}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":297,"b":303}]}],"statement":"-- Housekeeping: up to `limit` resets that expired before `before` (used or not), oldest first\n-- (password_resets_expires_at_idx). The throttle only counts the last hour's, so these are dead.\nWITH doomed AS (\n  SELECT id FROM password_resets WHERE expires_at < :before! ORDER BY expires_at LIMIT :limit!\n), deleted AS (\n  DELETE FROM password_resets r USING doomed WHERE r.id = doomed.id RETURNING 1\n)\nSELECT count(*)::int AS deleted FROM deleted"};

/**
 * Query generated from SQL:
 * ```
 * -- Housekeeping: up to `limit` resets that expired before `before` (used or not), oldest first
 * -- (password_resets_expires_at_idx). The throttle only counts the last hour's, so these are dead.
 * WITH doomed AS (
 *   SELECT id FROM password_resets WHERE expires_at < :before! ORDER BY expires_at LIMIT :limit!
 * ), deleted AS (
 *   DELETE FROM password_resets r USING doomed WHERE r.id = doomed.id RETURNING 1
 * )
 * SELECT count(*)::int AS deleted FROM deleted
 * ```
 */
export const deletePasswordResetsExpiredBefore = new PreparedQuery<IDeletePasswordResetsExpiredBeforeParams,IDeletePasswordResetsExpiredBeforeResult>(deletePasswordResetsExpiredBeforeIR);


/** 'UpdateAccount' parameters type */
export interface IUpdateAccountParams {
  email?: string | null | void;
  id: number;
  isActive?: boolean | null | void;
  isStaff?: boolean | null | void;
  name?: string | null | void;
}

/** 'UpdateAccount' return type */
export interface IUpdateAccountResult {
  balance_cents: number;
  created_at: Date;
  email: string;
  id: number;
  is_active: boolean;
  is_staff: boolean;
  name: string;
  was_active: boolean;
}

/** 'UpdateAccount' query type */
export interface IUpdateAccountQuery {
  params: IUpdateAccountParams;
  result: IUpdateAccountResult;
}

const updateAccountIR: any = {"usedParamSet":{"email":true,"name":true,"isStaff":true,"isActive":true,"id":true},"params":[{"name":"email","required":false,"transform":{"type":"scalar"},"locs":[{"a":314,"b":319}]},{"name":"name","required":false,"transform":{"type":"scalar"},"locs":[{"a":366,"b":370}]},{"name":"isStaff","required":false,"transform":{"type":"scalar"},"locs":[{"a":416,"b":423}]},{"name":"isActive","required":false,"transform":{"type":"scalar"},"locs":[{"a":476,"b":484}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":560,"b":563}]}],"statement":"-- Staff edit of an account; a NULL keeps the column as it is. The self-join on the locked row\n-- gives the values before the change (was_active), in the same statement. The users trigger\n-- (migrations/0007) NOTIFYs every web process when is_active or is_staff changes.\nUPDATE users u\n   SET email     = COALESCE(:email::text, u.email),\n       name      = COALESCE(:name::text, u.name),\n       is_staff  = COALESCE(:isStaff::boolean, u.is_staff),\n       is_active = COALESCE(:isActive::boolean, u.is_active)\n  FROM (SELECT id, is_active FROM users WHERE id = :id! FOR UPDATE) old\n WHERE u.id = old.id\nRETURNING u.id, u.email, u.name, u.is_staff, u.is_active, u.balance_cents, u.created_at, old.is_active AS was_active"};

/**
 * Query generated from SQL:
 * ```
 * -- Staff edit of an account; a NULL keeps the column as it is. The self-join on the locked row
 * -- gives the values before the change (was_active), in the same statement. The users trigger
 * -- (migrations/0007) NOTIFYs every web process when is_active or is_staff changes.
 * UPDATE users u
 *    SET email     = COALESCE(:email::text, u.email),
 *        name      = COALESCE(:name::text, u.name),
 *        is_staff  = COALESCE(:isStaff::boolean, u.is_staff),
 *        is_active = COALESCE(:isActive::boolean, u.is_active)
 *   FROM (SELECT id, is_active FROM users WHERE id = :id! FOR UPDATE) old
 *  WHERE u.id = old.id
 * RETURNING u.id, u.email, u.name, u.is_staff, u.is_active, u.balance_cents, u.created_at, old.is_active AS was_active
 * ```
 */
export const updateAccount = new PreparedQuery<IUpdateAccountParams,IUpdateAccountResult>(updateAccountIR);


