// Reading the header section of a message we wrote (RFC 5322 unfolding, RFC 2047 encoded words),
// enough for the outbox list: To, Subject, Date, Message-ID. Not a general MIME parser.

/** The header fields of a message, by lower-cased name (the first occurrence wins), decoded. */
export function readHeaders(message: string): Map<string, string> {
  const end = message.search(/\r?\n\r?\n/);
  const section = end === -1 ? message : message.slice(0, end);
  const headers = new Map<string, string>();
  // Unfold: a line that starts with white space continues the previous field.
  for (const field of section.split(/\r?\n(?![ \t])/)) {
    const colon = field.indexOf(':');
    if (colon <= 0) continue;
    const name = field.slice(0, colon).trim().toLowerCase();
    if (headers.has(name)) continue;
    headers.set(name, decodeWords(field.slice(colon + 1).replace(/\r?\n[ \t]/g, ' ').trim()));
  }
  return headers;
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
