/**
 * The problem detail of an error answer's body: for a JSON body (by its content type) the RFC 9457
 * `detail`, else its `title`; else the body's text, trimmed; `undefined` for an empty body.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9457
 */
export function problemOf(body: string, contentType: string | undefined): string | undefined {
  if (body.trim() === '') return undefined;
  if (contentType?.toLowerCase().includes('json') === true) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === 'object' && parsed !== null) {
        const { detail, title } = parsed as { detail?: unknown; title?: unknown };
        if (typeof detail === 'string') return detail;
        if (typeof title === 'string') return title;
      }
    } catch {
      // Not JSON after all (or cut short): the text itself.
    }
  }
  return body.trim();
}
