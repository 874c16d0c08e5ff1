// The operations of the live OpenAPI document, in the shape the fuzz and ownership tests need:
// method, path template, who may call it, and its parameters and body as JSON Schemas.
import type { JsonSchema } from './schema-arbitrary.ts';

export interface Operation {
  /** `POST /api/v1/invoices/{id}/void` */
  key: string;
  method: string;
  path: string;
  /** Names of the `{…}` path parameters, in order. */
  pathParams: string[];
  /** An object schema of the path parameters (undefined: none). */
  paramsSchema?: JsonSchema;
  /** An object schema of the query parameters (undefined: none). */
  querySchema?: JsonSchema;
  /** The application/json request body (undefined: the operation takes none). */
  bodySchema?: JsonSchema;
  /** Documented as needing a bearer token. */
  secured: boolean;
  /** Documented as staff only (403 for other users). */
  staffOnly: boolean;
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the document is read as data
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function parametersSchema(parameters: Json[], where: 'path' | 'query'): JsonSchema | undefined {
  const mine = parameters.filter((p) => p.in === where);
  if (mine.length === 0) return undefined;
  return {
    type: 'object',
    properties: Object.fromEntries(mine.map((p) => [p.name, p.schema as JsonSchema])),
    // A parameter with a default is filled in by the server: it is required only on paper.
    required: mine.filter((p) => p.required === true && p.schema?.default === undefined).map((p) => p.name as string),
  };
}

/** Every operation under /api/v1, in document order. */
export function operationsOf(document: Json): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (op === undefined) continue;
      const parameters: Json[] = [...(item.parameters ?? []), ...(op.parameters ?? [])];
      const bodySchema = op.requestBody?.content?.['application/json']?.schema as JsonSchema | undefined;
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
        paramsSchema: parametersSchema(parameters, 'path'),
        querySchema: parametersSchema(parameters, 'query'),
        bodySchema,
        secured: Array.isArray(op.security) && op.security.length > 0,
        staffOnly: typeof op.description === 'string' && /Staff only/.test(op.description),
      });
    }
  }
  return out;
}

/** The URL of `op` with its path parameters replaced by raw (already encoded) segments. */
export function urlOf(op: Operation, segments: Record<string, string>, query = ''): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => segments[name] ?? '');
  return query === '' ? path : `${path}?${query}`;
}

/** The first path segment after /api/v1 (`customers`, `users`…): the resource an id names. */
export const resourceOf = (op: Operation): string => op.path.split('/')[3] ?? '';
