/** Types generated for queries found in "src/admin/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** 'InsertAdminSession' parameters type */
export interface IInsertAdminSessionParams {
  csrfToken: string;
  now: DateOrString;
  tokenHash: Buffer;
  userId: number;
}

/** 'InsertAdminSession' return type */
export type IInsertAdminSessionResult = void;

/** 'InsertAdminSession' query type */
export interface IInsertAdminSessionQuery {
  params: IInsertAdminSessionParams;
  result: IInsertAdminSessionResult;
}

const insertAdminSessionIR: any = {"usedParamSet":{"tokenHash":true,"userId":true,"csrfToken":true,"now":true},"params":[{"name":"tokenHash","required":true,"transform":{"type":"scalar"},"locs":[{"a":95,"b":105}]},{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":108,"b":115}]},{"name":"csrfToken","required":true,"transform":{"type":"scalar"},"locs":[{"a":118,"b":128}]},{"name":"now","required":true,"transform":{"type":"scalar"},"locs":[{"a":131,"b":135},{"a":138,"b":142}]}],"statement":"INSERT INTO admin_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at)\nVALUES (:tokenHash!, :userId!, :csrfToken!, :now!, :now!)"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO admin_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at)
 * VALUES (:tokenHash!, :userId!, :csrfToken!, :now!, :now!)
 * ```
 */
export const insertAdminSession = new PreparedQuery<IInsertAdminSessionParams,IInsertAdminSessionResult>(insertAdminSessionIR);


/** 'TouchAdminSession' parameters type */
export interface ITouchAdminSessionParams {
  createdSince: DateOrString;
  idleSince: DateOrString;
  now: DateOrString;
  tokenHash: Buffer;
}

/** 'TouchAdminSession' return type */
export interface ITouchAdminSessionResult {
  csrf_token: string;
  email: string;
  name: string;
  user_id: number;
}

/** 'TouchAdminSession' query type */
export interface ITouchAdminSessionQuery {
  params: ITouchAdminSessionParams;
  result: ITouchAdminSessionResult;
}

const touchAdminSessionIR: any = {"usedParamSet":{"now":true,"tokenHash":true,"idleSince":true,"createdSince":true},"params":[{"name":"now","required":true,"transform":{"type":"scalar"},"locs":[{"a":237,"b":241}]},{"name":"tokenHash","required":true,"transform":{"type":"scalar"},"locs":[{"a":280,"b":290}]},{"name":"idleSince","required":true,"transform":{"type":"scalar"},"locs":[{"a":377,"b":387}]},{"name":"createdSince","required":true,"transform":{"type":"scalar"},"locs":[{"a":411,"b":424}]}],"statement":"-- Reads and refreshes a session in one statement: it must be within both timeouts at `now` and\n-- its user still an active staff member (a demoted user loses the admin on the next request).\nUPDATE admin_sessions s\n   SET last_seen_at = :now!\n  FROM users u\n WHERE s.token_hash = :tokenHash!\n   AND u.id = s.user_id\n   AND u.is_staff\n   AND u.is_active\n   AND s.last_seen_at > :idleSince!\n   AND s.created_at > :createdSince!\nRETURNING s.user_id, s.csrf_token, u.email, u.name"};

/**
 * Query generated from SQL:
 * ```
 * -- Reads and refreshes a session in one statement: it must be within both timeouts at `now` and
 * -- its user still an active staff member (a demoted user loses the admin on the next request).
 * UPDATE admin_sessions s
 *    SET last_seen_at = :now!
 *   FROM users u
 *  WHERE s.token_hash = :tokenHash!
 *    AND u.id = s.user_id
 *    AND u.is_staff
 *    AND u.is_active
 *    AND s.last_seen_at > :idleSince!
 *    AND s.created_at > :createdSince!
 * RETURNING s.user_id, s.csrf_token, u.email, u.name
 * ```
 */
export const touchAdminSession = new PreparedQuery<ITouchAdminSessionParams,ITouchAdminSessionResult>(touchAdminSessionIR);


/** 'DeleteAdminSession' parameters type */
export interface IDeleteAdminSessionParams {
  tokenHash: Buffer;
}

/** 'DeleteAdminSession' return type */
export type IDeleteAdminSessionResult = void;

/** 'DeleteAdminSession' query type */
export interface IDeleteAdminSessionQuery {
  params: IDeleteAdminSessionParams;
  result: IDeleteAdminSessionResult;
}

const deleteAdminSessionIR: any = {"usedParamSet":{"tokenHash":true},"params":[{"name":"tokenHash","required":true,"transform":{"type":"scalar"},"locs":[{"a":46,"b":56}]}],"statement":"DELETE FROM admin_sessions WHERE token_hash = :tokenHash!"};

/**
 * Query generated from SQL:
 * ```
 * DELETE FROM admin_sessions WHERE token_hash = :tokenHash!
 * ```
 */
export const deleteAdminSession = new PreparedQuery<IDeleteAdminSessionParams,IDeleteAdminSessionResult>(deleteAdminSessionIR);


/** 'DeleteExpiredAdminSessions' parameters type */
export interface IDeleteExpiredAdminSessionsParams {
  createdSince: DateOrString;
  idleSince: DateOrString;
}

/** 'DeleteExpiredAdminSessions' return type */
export interface IDeleteExpiredAdminSessionsResult {
  deleted: number | null;
}

/** 'DeleteExpiredAdminSessions' query type */
export interface IDeleteExpiredAdminSessionsQuery {
  params: IDeleteExpiredAdminSessionsParams;
  result: IDeleteExpiredAdminSessionsResult;
}

const deleteExpiredAdminSessionsIR: any = {"usedParamSet":{"idleSince":true,"createdSince":true},"params":[{"name":"idleSince","required":true,"transform":{"type":"scalar"},"locs":[{"a":163,"b":173}]},{"name":"createdSince","required":true,"transform":{"type":"scalar"},"locs":[{"a":192,"b":205}]}],"statement":"-- Housekeeping; admin_sessions stays small (one row per staff login), so one statement does.\nWITH deleted AS (\n  DELETE FROM admin_sessions WHERE last_seen_at <= :idleSince! OR created_at <= :createdSince!\n  RETURNING 1\n)\nSELECT count(*)::int AS deleted FROM deleted"};

/**
 * Query generated from SQL:
 * ```
 * -- Housekeeping; admin_sessions stays small (one row per staff login), so one statement does.
 * WITH deleted AS (
 *   DELETE FROM admin_sessions WHERE last_seen_at <= :idleSince! OR created_at <= :createdSince!
 *   RETURNING 1
 * )
 * SELECT count(*)::int AS deleted FROM deleted
 * ```
 */
export const deleteExpiredAdminSessions = new PreparedQuery<IDeleteExpiredAdminSessionsParams,IDeleteExpiredAdminSessionsResult>(deleteExpiredAdminSessionsIR);


/** 'DeleteAdminSessionsOfUser' parameters type */
export interface IDeleteAdminSessionsOfUserParams {
  userId: number;
}

/** 'DeleteAdminSessionsOfUser' return type */
export type IDeleteAdminSessionsOfUserResult = void;

/** 'DeleteAdminSessionsOfUser' query type */
export interface IDeleteAdminSessionsOfUserQuery {
  params: IDeleteAdminSessionsOfUserParams;
  result: IDeleteAdminSessionsOfUserResult;
}

const deleteAdminSessionsOfUserIR: any = {"usedParamSet":{"userId":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":139,"b":146}]}],"statement":"-- A password reset ends every admin session of the user (SPEC §9), on the reset's transaction.\nDELETE FROM admin_sessions WHERE user_id = :userId!"};

/**
 * Query generated from SQL:
 * ```
 * -- A password reset ends every admin session of the user (SPEC §9), on the reset's transaction.
 * DELETE FROM admin_sessions WHERE user_id = :userId!
 * ```
 */
export const deleteAdminSessionsOfUser = new PreparedQuery<IDeleteAdminSessionsOfUserParams,IDeleteAdminSessionsOfUserResult>(deleteAdminSessionsOfUserIR);


/** 'GetStaffUser' parameters type */
export interface IGetStaffUserParams {
  id: number;
}

/** 'GetStaffUser' return type */
export interface IGetStaffUserResult {
  email: string;
  id: number;
  is_active: boolean;
  is_staff: boolean;
}

/** 'GetStaffUser' query type */
export interface IGetStaffUserQuery {
  params: IGetStaffUserParams;
  result: IGetStaffUserResult;
}

const getStaffUserIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":60,"b":63}]}],"statement":"SELECT id, email, is_staff, is_active FROM users WHERE id = :id!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, email, is_staff, is_active FROM users WHERE id = :id!
 * ```
 */
export const getStaffUser = new PreparedQuery<IGetStaffUserParams,IGetStaffUserResult>(getStaffUserIR);


/** 'InsertAuditEntry' parameters type */
export interface IInsertAuditEntryParams {
  action: string;
  actorEmail: string;
  actorId: number;
  after?: Json | null | void;
  before?: Json | null | void;
  model: string;
  objectId: string;
  objectRepr: string;
  summary: string;
}

/** 'InsertAuditEntry' return type */
export interface IInsertAuditEntryResult {
  id: number;
}

/** 'InsertAuditEntry' query type */
export interface IInsertAuditEntryQuery {
  params: IInsertAuditEntryParams;
  result: IInsertAuditEntryResult;
}

const insertAuditEntryIR: any = {"usedParamSet":{"actorId":true,"actorEmail":true,"action":true,"model":true,"objectId":true,"objectRepr":true,"summary":true,"before":true,"after":true},"params":[{"name":"actorId","required":true,"transform":{"type":"scalar"},"locs":[{"a":123,"b":131}]},{"name":"actorEmail","required":true,"transform":{"type":"scalar"},"locs":[{"a":134,"b":145}]},{"name":"action","required":true,"transform":{"type":"scalar"},"locs":[{"a":148,"b":155}]},{"name":"model","required":true,"transform":{"type":"scalar"},"locs":[{"a":158,"b":164}]},{"name":"objectId","required":true,"transform":{"type":"scalar"},"locs":[{"a":167,"b":176}]},{"name":"objectRepr","required":true,"transform":{"type":"scalar"},"locs":[{"a":179,"b":190}]},{"name":"summary","required":true,"transform":{"type":"scalar"},"locs":[{"a":193,"b":201}]},{"name":"before","required":false,"transform":{"type":"scalar"},"locs":[{"a":204,"b":210}]},{"name":"after","required":false,"transform":{"type":"scalar"},"locs":[{"a":213,"b":218}]}],"statement":"INSERT INTO admin_audit_log (actor_id, actor_email, action, model, object_id, object_repr, summary, before, after)\nVALUES (:actorId!, :actorEmail!, :action!, :model!, :objectId!, :objectRepr!, :summary!, :before, :after)\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO admin_audit_log (actor_id, actor_email, action, model, object_id, object_repr, summary, before, after)
 * VALUES (:actorId!, :actorEmail!, :action!, :model!, :objectId!, :objectRepr!, :summary!, :before, :after)
 * RETURNING id
 * ```
 */
export const insertAuditEntry = new PreparedQuery<IInsertAuditEntryParams,IInsertAuditEntryResult>(insertAuditEntryIR);


