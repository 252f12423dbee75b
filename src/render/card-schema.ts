import {defaultSchema, type Schema} from 'hast-util-sanitize'
import {droppedWithContent} from '../shared/html-text.js'

/** Form attributes: there are no forms in a card, and `action` is a URL. */
const formAttributes = new Set(['accept', 'acceptCharset', 'action', 'encType', 'method'])

/**
 * What may reach a card. Anki runs card HTML in a web view (desktop and
 * phones), so this is the security boundary: GitHub's allowlist
 * (hast-util-sanitize `defaultSchema`: no `script`, `style`, `iframe`,
 * `object`, `embed`, `form`, no `on*` or `style` attributes), narrowed:
 *
 * - URLs: links `http`, `https`, `mailto`; images `http`, `https`; anything
 *   without a scheme (packed media, `#anchors`). No `javascript:`,
 *   `vbscript:`, `data:` or `file:`, for images neither.
 * - no `picture`/`source` (remote `srcset`s) and no form attributes;
 * - `id` and `name` only as `user-content-…` (footnotes), so card HTML cannot
 *   clobber the ids and globals of Anki's own page (`#qa`, `#answer`);
 * - the content of `script`, `style`, `iframe`, `template`, … is dropped with
 *   the element, not kept as text.
 */
export const cardSchema: Schema = {
  ...defaultSchema,
  tagNames: defaultSchema.tagNames!.filter((name) => name !== 'picture' && name !== 'source'),
  attributes: {
    ...defaultSchema.attributes,
    div: [...(defaultSchema.attributes!.div ?? []), ['className', 'math']],
    // Obsidian callouts (`> [!note] Title`): a titled block (`parse/structure.ts`).
    blockquote: [...(defaultSchema.attributes!.blockquote ?? []), ['className', /^sd-callout(?:-[a-z0-9-]+)?$/]],
    p: [...(defaultSchema.attributes!.p ?? []), ['className', 'sd-callout-title']],
    '*': [
      ...defaultSchema.attributes!['*'].filter((name) => typeof name !== 'string' || (!formAttributes.has(name) && name !== 'id' && name !== 'name')),
      ['id', /^user-content-/],
      ['name', /^user-content-/]
    ]
  },
  // mdast-util-to-hast already prefixes footnote ids; a second prefix would break their links.
  clobberPrefix: '',
  protocols: {href: ['http', 'https', 'mailto'], src: ['http', 'https'], cite: ['http', 'https'], longDesc: ['http', 'https']},
  strip: droppedWithContent
}
