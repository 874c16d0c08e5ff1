// Reading a message we wrote (RFC 5322 unfolding, RFC 2047 encoded words): the headers, enough
// for the outbox list (To, Subject, Date, Message-ID), and the text/plain part for the admin's
// message page. Not a general MIME parser.

/** Every header field in order, names as written, values unfolded and decoded. */
export function readHeaderFields(message: string): [name: string, value: string][] {
  const end = message.search(/\r?\n\r?\n/);
  const section = end === -1 ? message : message.slice(0, end);
  const fields: [string, string][] = [];
  // Unfold: a line that starts with white space continues the previous field.
  for (const field of section.split(/\r?\n(?![ \t])/)) {
    const colon = field.indexOf(':');
    if (colon <= 0) continue;
    fields.push([field.slice(0, colon).trim(), decodeWords(field.slice(colon + 1).replace(/\r?\n[ \t]/g, ' ').trim())]);
  }
  return fields;
}

/** The header fields of a message, by lower-cased name (the first occurrence wins), decoded. */
export function readHeaders(message: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const [name, value] of readHeaderFields(message)) {
    const key = name.toLowerCase();
    if (!headers.has(key)) headers.set(key, value);
  }
  return headers;
}

/** Multipart nesting we follow; ours is one level (multipart/alternative). */
const MAX_DEPTH = 5;

/**
 * The decoded text/plain part of a message (single part or multipart; 7bit, 8bit,
 * quoted-printable or base64), or undefined when it has none. The HTML part is never returned.
 */
export function readTextBody(entity: string, depth = 0): string | undefined {
  const split = /\r?\n\r?\n/.exec(entity);
  const headers = readHeaders(entity);
  const body = split === null ? '' : entity.slice(split.index + split[0].length);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type)) {
    if (boundary === undefined || depth >= MAX_DEPTH) return undefined;
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (part.startsWith('--')) break;
      const text = readTextBody(part.replace(/^\r?\n/, ''), depth + 1);
      if (text !== undefined) return text;
    }
    return undefined;
  }
  if (!/^text\/plain/i.test(type)) return undefined;
  const charset = /charset="?([^";\s]+)"?/i.exec(type)?.[1] ?? 'utf-8';
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return decodeText(Buffer.from(body, 'base64'), charset);
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return decodeText(Buffer.from(bytes, 'latin1'), charset);
  }
  return body;
}

function decodeText(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes); // an unknown charset: ours are all UTF-8
  }
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/** Decodes `=?charset?B|Q?text?=` words; white space between two adjacent words is dropped. */
export function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(ENCODED_WORD, (word, charset: string, encoding: string, text: string) => {
      let bytes: Buffer;
      if (encoding.toUpperCase() === 'B') bytes = Buffer.from(text, 'base64');
      else {
        const qp = text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
        bytes = Buffer.from(qp, 'latin1');
      }
      try {
        return new TextDecoder(charset.split('*')[0]!.toLowerCase()).decode(bytes);
      } catch {
        return word; // an unknown charset: show the word as it is rather than guess
      }
    });
}
