import type { Message } from '../events/message';

const MAX_BODY_CHARACTERS = 700;

/** One delivery as it goes over the wire: a title, the headers, and the body (long values cut). */
export function wireView(title: string, message: Message): string {
  const headers = Object.entries(message.headers)
    .filter(([, value]) => value !== undefined)
    .map(
      ([name, value]) => `${name}: ${typeof value === 'string' ? value : (value ?? []).join(', ')}`,
    );
  const text = message.body
    .toString('utf8')
    .replace(/"([A-Za-z0-9+/=_-]{80})[A-Za-z0-9+/=_-]+"/g, '"$1…"');
  const body = text.length > MAX_BODY_CHARACTERS ? `${text.slice(0, MAX_BODY_CHARACTERS)}…` : text;
  return [`=== ${title}`, 'POST / HTTP/1.1', ...headers, '', body, ''].join('\n');
}
