/** Types generated for queries found in "src/features/notifications/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

/** 'GetSentEmail' parameters type */
export interface IGetSentEmailParams {
  messageId: string;
}

/** 'GetSentEmail' return type */
export interface IGetSentEmailResult {
  message_id: string;
  sent_at: Date;
}

/** 'GetSentEmail' query type */
export interface IGetSentEmailQuery {
  params: IGetSentEmailParams;
  result: IGetSentEmailResult;
}

const getSentEmailIR: any = {"usedParamSet":{"messageId":true},"params":[{"name":"messageId","required":true,"transform":{"type":"scalar"},"locs":[{"a":166,"b":176}]}],"statement":"-- Whether the message with this Message-ID has already gone out (a retried job then does nothing).\nSELECT message_id, sent_at\n  FROM sent_emails\n WHERE message_id = :messageId!"};

/**
 * Query generated from SQL:
 * ```
 * -- Whether the message with this Message-ID has already gone out (a retried job then does nothing).
 * SELECT message_id, sent_at
 *   FROM sent_emails
 *  WHERE message_id = :messageId!
 * ```
 */
export const getSentEmail = new PreparedQuery<IGetSentEmailParams,IGetSentEmailResult>(getSentEmailIR);


/** 'InsertSentEmail' parameters type */
export interface IInsertSentEmailParams {
  messageId: string;
  recipient: string;
}

/** 'InsertSentEmail' return type */
export type IInsertSentEmailResult = void;

/** 'InsertSentEmail' query type */
export interface IInsertSentEmailQuery {
  params: IInsertSentEmailParams;
  result: IInsertSentEmailResult;
}

const insertSentEmailIR: any = {"usedParamSet":{"messageId":true,"recipient":true},"params":[{"name":"messageId","required":true,"transform":{"type":"scalar"},"locs":[{"a":206,"b":216}]},{"name":"recipient","required":true,"transform":{"type":"scalar"},"locs":[{"a":219,"b":229}]}],"statement":"-- Recorded right after the mail server accepted the message. ON CONFLICT: two runs of the same job\n-- that both sent (at least once) record it once.\nINSERT INTO sent_emails (message_id, recipient)\nVALUES (:messageId!, :recipient!)\nON CONFLICT (message_id) DO NOTHING"};

/**
 * Query generated from SQL:
 * ```
 * -- Recorded right after the mail server accepted the message. ON CONFLICT: two runs of the same job
 * -- that both sent (at least once) record it once.
 * INSERT INTO sent_emails (message_id, recipient)
 * VALUES (:messageId!, :recipient!)
 * ON CONFLICT (message_id) DO NOTHING
 * ```
 */
export const insertSentEmail = new PreparedQuery<IInsertSentEmailParams,IInsertSentEmailResult>(insertSentEmailIR);


/** 'DeleteSentEmailsBefore' parameters type */
export interface IDeleteSentEmailsBeforeParams {
  before: DateOrString;
  limit: number;
}

/** 'DeleteSentEmailsBefore' return type */
export interface IDeleteSentEmailsBeforeResult {
  deleted: number | null;
}

/** 'DeleteSentEmailsBefore' query type */
export interface IDeleteSentEmailsBeforeQuery {
  params: IDeleteSentEmailsBeforeParams;
  result: IDeleteSentEmailsBeforeResult;
}

const deleteSentEmailsBeforeIR: any = {"usedParamSet":{"before":true,"limit":true},"params":[{"name":"before","required":true,"transform":{"type":"scalar"},"locs":[{"a":247,"b":254}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":279,"b":285}]}],"statement":"-- Housekeeping: up to `limit` records of messages sent before `before`, oldest first\n-- (sent_emails_sent_at_idx). Only safe once no job could still retry them (see purgeOld).\nWITH doomed AS (\n  SELECT message_id FROM sent_emails WHERE sent_at < :before! ORDER BY sent_at LIMIT :limit!\n), deleted AS (\n  DELETE FROM sent_emails s USING doomed WHERE s.message_id = doomed.message_id RETURNING 1\n)\nSELECT count(*)::int AS deleted FROM deleted"};

/**
 * Query generated from SQL:
 * ```
 * -- Housekeeping: up to `limit` records of messages sent before `before`, oldest first
 * -- (sent_emails_sent_at_idx). Only safe once no job could still retry them (see purgeOld).
 * WITH doomed AS (
 *   SELECT message_id FROM sent_emails WHERE sent_at < :before! ORDER BY sent_at LIMIT :limit!
 * ), deleted AS (
 *   DELETE FROM sent_emails s USING doomed WHERE s.message_id = doomed.message_id RETURNING 1
 * )
 * SELECT count(*)::int AS deleted FROM deleted
 * ```
 */
export const deleteSentEmailsBefore = new PreparedQuery<IDeleteSentEmailsBeforeParams,IDeleteSentEmailsBeforeResult>(deleteSentEmailsBeforeIR);


