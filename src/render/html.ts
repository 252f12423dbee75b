import type {Element, ElementContent, Nodes as HastNodes, Root as HastRoot} from 'hast'
import type {Image, ImageReference, Nodes as MdastNodes, PhrasingContent, RootContent} from 'mdast'
import {defaultHandlers, toHast, type Handlers, type State} from 'mdast-util-to-hast'
import {raw} from 'hast-util-raw'
import {sanitize, defaultSchema, type Schema} from 'hast-util-sanitize'
import {toHtml} from 'hast-util-to-html'
import {definitionsUsed, noDefinitions, type Definitions} from './definitions.js'
import {escape, neutralizeAnkiMarkup} from '../shared/html-text.js'
import {frontText} from '../extract/extract.js'
import {phrasingText} from '../extract/phrasing.js'
import type {CardDraft, MediaFile} from '../shared/types.js'

export {escape, textHtml} from '../shared/html-text.js'

/** `$x$` in the syntax tree (remark-math). */
type InlineMath = Extract<PhrasingContent, {type: 'inlineMath'}>

/** What became of an image reference: packed as media, or left out with a reason. */
export type ResolvedImage = {ok: true; media: MediaFile} | {ok: false; reason: string; ruleId: string}

export interface RenderOptions {
  /**
   * Resolve a local image URL to a media file (default: every local image is
   * left out). Remote URLs are never passed here: they stay links in the card.
   */
  resolveImage?: (url: string) => ResolvedImage
  /** Called for each image that was left out. */
  onImageProblem?: (node: Image, reason: string, ruleId: string) => void
  /**
   * The document's text, to tell `$$x$$` (display math) from `$x$` and to
   * keep prices (`$5 and $10`) as text (default: none; inline math is then
   * told from text by its spaces alone).
   */
  source?: string
  /** The document's link and footnote definitions, for `[text][label]` and `[^1]` in a card (default: none). */
  definitions?: Definitions
}

export interface RenderedSides {
  front: string
  back: string
  frontHtml: string
  backHtml: string
  media: MediaFile[]
}

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
    '*': [
      ...defaultSchema.attributes!['*'].filter((name) => typeof name !== 'string' || (!formAttributes.has(name) && name !== 'id' && name !== 'name')),
      ['id', /^user-content-/],
      ['name', /^user-content-/]
    ]
  },
  // mdast-util-to-hast already prefixes footnote ids; a second prefix would break their links.
  clobberPrefix: '',
  protocols: {href: ['http', 'https', 'mailto'], src: ['http', 'https'], cite: ['http', 'https'], longDesc: ['http', 'https']},
  strip: ['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'noscript', 'noembed', 'noframes', 'template', 'textarea', 'title', 'xmp', 'plaintext', 'select']
}

/** Render a card's front and back as sanitized HTML and as plain text. */
export function renderCard(card: CardDraft, options: RenderOptions = {}): RenderedSides {
  const parts = renderParts(card, options)
  return {front: frontText(card), back: parts.back, frontHtml: frontHtml(parts, card.qualifier, card.hint), backHtml: parts.backHtml, media: parts.media}
}

/**
 * A card's parts as HTML, before duplicate handling settles what goes
 * around its prompt: the qualifier (headings put in front) and the hint.
 */
export interface RenderedParts {
  /** Lead-ins, then the prompt. */
  parts: string[]
  body?: string
  backHtml: string
  back: string
  media: MediaFile[]
}

/** Render what a card's draft holds: its front parts, body and answer. */
export function renderParts(card: Pick<CardDraft, 'parts' | 'body' | 'answer'>, options: RenderOptions = {}): RenderedParts {
  const media = new Map<string, MediaFile>()
  const body = card.body && card.body.length > 0 ? card.body : undefined
  const html = htmlParts([...card.parts, ...(body ? [body] : []), card.answer], options, media)
  const backHtml = html.pop()!
  const bodyHtml = body ? html.pop()! : undefined
  // Every key named (no spread): one hidden class for all rendered cards.
  return {parts: html, body: bodyHtml, backHtml, back: plainBlocks(card.answer, '', options.source), media: [...media.values()]}
}

/** The front as HTML: qualifier and lead-ins, the prompt with its hint, the body. */
export function frontHtml(rendered: Pick<RenderedParts, 'parts' | 'body'>, qualifier: string[] = [], hint?: string): string {
  const leads = [...qualifier.map((text) => htmlParts([[{type: 'text', value: text}]], {}, new Map())[0]), ...rendered.parts.slice(0, -1)]
  const prompt = rendered.parts[rendered.parts.length - 1]
  return (
    (leads.length > 0
      ? // The separators are text, so the field stripped of tags reads as `front` does (Anki's sort field).
        '<div class="sd-lead">' + leads.map((part) => part + '<span class="sd-sep"> › </span>').join('') + '</div>'
      : '') +
    '<div class="sd-prompt">' + prompt + (hint ? ' <span class="sd-hint">(' + escape(hint) + ')</span>' : '') + '</div>' +
    (rendered.body === undefined ? '' : '<div class="sd-body">' + rendered.body + '</div>')
  )
}

/** Blocks; everything else a card renders is phrasing (a front part). */
const blockTypes = new Set(['paragraph', 'heading', 'list', 'listItem', 'table', 'code', 'blockquote', 'thematicBreak', 'math', 'definition', 'footnoteDefinition', 'yaml'])

/** One part of a card (a lead-in, the prompt, the answer) while the card is converted. */
interface Part {
  type: 'studydeckPart'
  phrasing: boolean
  /**
   * Not `children`: mdast-util-to-hast first walks the whole tree it is
   * given for definitions, and those are beside the parts, never in them.
   * The walk stops here; the handler converts what is held.
   */
  held: RootContent[]
}

/**
 * The parts of one card as safe HTML, converted together: mdast-util-to-hast
 * sets up a state for each call, which cost more than converting a part. A
 * footnote footer goes with the last part (the answer).
 */
function htmlParts(parts: RootContent[][], options: RenderOptions, media: Map<string, MediaFile>): string[] {
  // Phrasing converts without a line ending between its nodes (`Na+?`, not `Na+ ?`).
  const wrapped: Part[] = parts.map((nodes) => ({type: 'studydeckPart', phrasing: nodes.length > 0 && nodes.every((node) => !blockTypes.has(node.type)), held: nodes}))
  // Definitions render as nothing; beside the parts, they resolve the card's
  // reference links and give its footnotes a footer.
  const definitions = definitionsUsed(parts.flat(), options.definitions ?? noDefinitions)
  const converted = toHast({type: 'root', children: [...wrapped, ...definitions]} as unknown as MdastNodes, {
    allowDangerousHtml: true,
    handlers: {
      studydeckPart: (state: State, node: Part) => {
        const children = state.all({type: 'studydeckPart', children: node.held} as never)
        return element('div', {}, node.phrasing ? children : state.wrap(children))
      },
      inlineMath: (_state: State, node: InlineMath) => ({type: 'text', value: inlineMath(node, options.source)}),
      math: (_state: State, node: {value: string}) => element('div', {className: ['math']}, [{type: 'text', value: '\\[' + node.value + '\\]'}]),
      image: (state: State, node: Image) => image(state, node, options, media),
      imageReference: (state: State, node: ImageReference) => {
        const definition = state.definitionById.get(node.identifier.toUpperCase())
        if (!definition) return defaultHandlers.imageReference(state, node)
        return image(state, {type: 'image', url: definition.url, title: definition.title, alt: node.alt, position: node.position}, options, media)
      }
    } as Handlers
  }) as HastRoot
  // A div for each part, then the footer, if any (the line endings between are the root's).
  const elements = converted.children.filter((child): child is Element => child.type === 'element')
  const footer: ElementContent[] = elements.slice(parts.length).flatMap((section) => [{type: 'text', value: '\n'}, section])
  return parts.map((_, index) => safeHtml({type: 'root', children: [...elements[index].children, ...(index === parts.length - 1 ? footer : [])]}))
}

/**
 * Raw HTML is parsed for real (so `<scr<script>ipt>` tricks see a browser's
 * view of it) and only then sanitized. Without raw HTML that parse (parse5,
 * the costliest step of rendering) gives the same tree: it is skipped.
 */
function safeHtml(hast: HastRoot): string {
  const safe = sanitize((hasRaw(hast) ? raw(hast) : hast) as HastNodes, cardSchema)
  return neutralizeAnkiMarkup(toHtml(safe).trim())
}

/** HTML that shows nothing: no text and no image (what the sanitizer leaves of `<script>…</script>`). */
export function showsNothing(html: string): boolean {
  // A visible character between tags ends the search: almost every card has one in its first words.
  for (const [, text] of html.matchAll(/(?:^|>)([^<]+)/g)) if (text.replace(/&nbsp;|&#160;|\s/g, '') !== '') return false
  return !/<img\b/i.test(html)
}

/**
 * Inline math for Anki's MathJax: `$x$` → `\(x\)`, `$$x$$` → `\[x\]`. As in
 * Pandoc, a `$` pair with a space inside either dollar, or a digit right
 * after the closing one, is text: `$5 and $10` stays a price.
 */
function inlineMath(node: InlineMath, source?: string): string {
  const written = writtenMath(node, source)
  const text = written ?? '$' + node.value + '$'
  const double = written?.startsWith('$$') === true
  const inside = double ? text.slice(2, -2) : text.slice(1, -1)
  const after = written === undefined ? '' : source!.charAt(node.position!.end.offset!)
  if (!double && (/^\s|\s$/.test(inside) || /\d/.test(after))) return text
  return double ? '\\[' + node.value + '\\]' : '\\(' + node.value + '\\)'
}

/** Inline math as the document wrote it, when its position points at it. */
function writtenMath(node: InlineMath, source?: string): string | undefined {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  if (source === undefined || start === undefined || end === undefined) return undefined
  const written = source.slice(start, end)
  return /^\$[\s\S]*\$$/.test(written) && written.includes(node.value) ? written : undefined
}

function hasRaw(node: HastNodes): boolean {
  if (node.type === 'raw') return true
  return 'children' in node && node.children.some((child) => hasRaw(child))
}

function image(_state: State, node: Image, options: RenderOptions, media: Map<string, MediaFile>): ElementContent | undefined {
  const url = node.url.trim()
  const alt = node.alt ?? ''
  if (/^https?:\/\//i.test(url)) return element('img', {src: url, alt}, [])
  const resolved: ResolvedImage = options.resolveImage
    ? options.resolveImage(url)
    : {ok: false, reason: 'Image `' + url + '` is not packed (no media resolver)', ruleId: 'image-missing'}
  if (!resolved.ok) {
    options.onImageProblem?.(node, resolved.reason, resolved.ruleId)
    return alt ? {type: 'text', value: alt} : undefined
  }
  media.set(resolved.media.name, resolved.media)
  return element('img', {src: resolved.media.name, alt}, [])
}

function element(tagName: string, properties: Element['properties'], children: ElementContent[]): Element {
  return {type: 'element', tagName, properties, children}
}

/** Plain text of answer blocks: paragraphs apart, list items as `- item`, math as written. */
export function plainBlocks(nodes: RootContent[], indent = '', source?: string): string {
  return nodes
    .map((node) => plainBlock(node, indent, source))
    .filter((text) => text.length > 0)
    .join('\n\n')
}

function plainBlock(node: RootContent, indent: string, source?: string): string {
  switch (node.type) {
    case 'list': {
      const start = node.start ?? 1
      return node.children
        .map((item, index) => {
          const marker = node.ordered ? start + index + '. ' : '- '
          const body = item.children.map((child) => plainBlock(child, indent + '  ', source)).filter(Boolean).join('\n' + indent + '  ')
          return indent + marker + body
        })
        .join('\n')
    }
    case 'table':
      return node.children.map((row) => row.children.map((cell) => phrasingText(cell.children)).join(' | ')).join('\n')
    case 'code':
      return node.value
    case 'math':
      return '$$' + node.value + '$$'
    case 'html':
      return htmlText(node.value)
    case 'blockquote':
      return plainBlocks(node.children, '', source).replace(/^/gm, '> ')
    case 'thematicBreak':
    case 'definition':
    case 'yaml':
      return ''
    default:
      return textOf(node, source).replace(/[ \t]+/g, ' ').trim()
  }
}

/** `toString` of mdast-util-to-string, but inline math keeps its dollars. */
function textOf(node: MdastNodes, source?: string): string {
  if (node.type === 'inlineMath') return writtenMath(node, source) ?? '$' + node.value + '$'
  // Inline HTML is markup, not text (`<code>a</code>` reads `a`); `<br>` breaks the line.
  if (node.type === 'html') return /^<br\s*\/?>$/i.test(node.value.trim()) ? '\n' : ''
  if ('value' in node) return node.value
  if ('alt' in node) return node.alt ?? ''
  return 'children' in node ? node.children.map((child) => textOf(child, source)).join('') : ''
}

/** Elements the sanitizer drops with their content (`cardSchema.strip`): their text is not shown either. */
const strippedElements = new RegExp('<(' + cardSchema.strip!.join('|') + ')\\b[^>]*>[\\s\\S]*?</\\1\\s*>', 'gi')

/** Text of a raw HTML block, tags, comments and the content of dropped elements left out. */
function htmlText(value: string): string {
  return value.replace(/<!--[\s\S]*?-->/g, '').replace(strippedElements, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim()
}
