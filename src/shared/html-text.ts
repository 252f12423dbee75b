/**
 * Text made safe for HTML by hand, for the few places that write HTML
 * without the sanitizer (`render/`): small on purpose, so the package
 * writer can use it without loading the renderer.
 */

/**
 * Elements removed from a card with their content, not just their tags
 * (the sanitizer's `strip`, `render/card-schema.ts`): what they hold is
 * never shown, so a card's plain text leaves it out too.
 */
export const droppedWithContent = ['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'noscript', 'noembed', 'noframes', 'template', 'textarea', 'title', 'xmp', 'plaintext', 'select']

/**
 * Anki turns `[latex]…[/latex]`, `[$]…[/$]` and `[$$]…[/$$]` in a field into
 * images by running LaTeX on the desktop: text from the notes must not start
 * a program. `&#91;` shows as `[` but is not Anki's markup.
 */
export function neutralizeAnkiMarkup(html: string): string {
  return html.replace(/\[(?=\/?(?:latex|\$\$?)\])/gi, '&#91;')
}

/** Plain text as field HTML outside the sanitizer (Anki's Context and Source fields): escaped, and no Anki markup. */
export function textHtml(value: string): string {
  return neutralizeAnkiMarkup(value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'))
}

const escapes: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}

/** Text for HTML content or an attribute value. */
export function escape(value: string): string {
  return value.replace(/[&<>"']/g, (character) => escapes[character])
}
