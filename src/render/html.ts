import type {Element, ElementContent, Nodes as HastNodes, Root as HastRoot} from 'hast'
import type {Image, ImageReference, Nodes as MdastNodes, PhrasingContent, RootContent} from 'mdast'
import {defaultHandlers, toHast, type Handlers, type State} from 'mdast-util-to-hast'
import {raw} from 'hast-util-raw'
import {sanitize} from 'hast-util-sanitize'
import {toHtml} from 'hast-util-to-html'
import {asksAttribute, clozeText, frontText, plainBlocks, writtenMath, type InlineMath} from '../extract/plain-text.js'
import type {Cloze} from '../parse/cloze-syntax.js'
import type {} from '../parse/structure.js'
import {escape, neutralizeAnkiMarkup} from '../shared/html-text.js'
import type {CardDraft, ClozeFields, MediaFile} from '../shared/types.js'
import {cardSchema} from './card-schema.js'
import {clozeNumbers, clozeSide} from './cloze-field.js'
import {definitionsUsed, noDefinitions, type Definitions} from './definitions.js'


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

/** Render a card's front and back as sanitized HTML and as plain text. */
export function renderCard(card: CardDraft, options: RenderOptions = {}): RenderedSides {
  const parts = renderParts(card, options)
  return {front: frontText(card), back: parts.back, frontHtml: frontHtml(parts, card.qualifier, card.hint, asksAttribute(card.rule)), backHtml: parts.backHtml, media: parts.media}
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
  /** A cloze note's fields (its one part is the text with every deletion hidden, its back with them shown). */
  cloze?: ClozeFields
}

/** Render what a card's draft holds: its front parts, body and answer. */
export function renderParts(card: Pick<CardDraft, 'parts' | 'body' | 'answer' | 'note'>, options: RenderOptions = {}): RenderedParts {
  if (card.note === 'cloze') return renderCloze(card, options)
  const media = new Map<string, MediaFile>()
  const body = card.body && card.body.length > 0 ? card.body : undefined
  const html = htmlParts([...card.parts, ...(body ? [body] : []), card.answer], options, media)
  const backHtml = html.pop()!
  const bodyHtml = body ? html.pop()! : undefined
  // Every key named (no spread): one hidden class for all rendered cards.
  return {parts: html, body: bodyHtml, backHtml, back: plainBlocks(card.answer, '', options.source), media: [...media.values()]}
}

/**
 * A cloze note: its text as Anki's `Text` field (deletions written
 * `{{cN::…}}`, and every other `{`, `}` and `:` as a character reference,
 * so that code, math or a URL in the text never reads as one to Anki), its
 * extra, and the note's sides with every deletion hidden and shown, as
 * Anki renders them (`cloze-field.ts`).
 */
function renderCloze(card: Pick<CardDraft, 'parts' | 'answer'>, options: RenderOptions): RenderedParts {
  const media = new Map<string, MediaFile>()
  const extra = card.answer.length > 0 ? card.answer : undefined
  const [marked, extraHtml] = htmlParts([card.parts[0], ...(extra ? [extra] : [])], options, media, 1)
  const text = ankiField(marked)
  const extraText = extra ? plainBlocks(extra, '', options.source) : ''
  const cloze: ClozeFields = {text, numbers: clozeNumbers(text)}
  if (extraHtml) cloze.extra = extraHtml
  return {
    parts: [clozeSide(text, 'all', 'question')],
    body: undefined,
    backHtml: clozeSide(text, 'all', 'answer') + (extraHtml ? '\n<div class="sd-extra">' + extraHtml + '</div>' : ''),
    back: clozeText(card.parts[0], 'shown') + (extraText ? '\n\n' + extraText : ''),
    media: [...media.values()],
    cloze
  }
}

/** Stand-ins for a deletion's marks while its HTML is made (private-use characters: text no note holds). */
const clozeMark = {open: '\uE000', number: '\uE001', hint: '\uE002', close: '\uE003'}

/** HTML with deletion stand-ins → Anki's field: the marks written out, and nothing else that could read as one. */
function ankiField(html: string): string {
  return html
    .replace(/[{}:]/g, (char) => '&#' + char.charCodeAt(0) + ';')
    .replace(/\uE000(\d+)\uE001/g, '{{c$1::')
    .replaceAll(clozeMark.hint, '::')
    .replaceAll(clozeMark.close, '}}')
}

/**
 * The front as HTML: qualifier and lead-ins, the prompt with its hint, the
 * body. With `attribute` (a table cell), the prompt is the row key and the
 * last part the attribute asked of it, set after it (`llegar — English?`).
 */
export function frontHtml(rendered: Pick<RenderedParts, 'parts' | 'body'>, qualifier: string[] = [], hint?: string, attribute = false): string {
  const asked = attribute && rendered.parts.length >= 2
  const own = asked ? rendered.parts.slice(0, -2) : rendered.parts.slice(0, -1)
  const leads = [...qualifier.map((text) => htmlParts([[{type: 'text', value: text}]], {}, new Map())[0]), ...own]
  const last = rendered.parts[rendered.parts.length - 1]
  // The separator is text, so the field stripped of tags reads as `front` does.
  const prompt = asked ? rendered.parts[rendered.parts.length - 2] + '<span class="sd-attr"> — ' + attributeHtml(last) + '</span>' : last
  return (
    (leads.length > 0
      ? // The separators are text, so the field stripped of tags reads as `front` does (Anki's sort field).
        '<div class="sd-lead">' + leads.map((part) => part + '<span class="sd-sep"> › </span>').join('') + '</div>'
      : '') +
    '<div class="sd-prompt">' + prompt + (hint ? ' <span class="sd-hint">(' + escape(hint) + ')</span>' : '') + '</div>' +
    (rendered.body === undefined ? '' : '<div class="sd-body">' + rendered.body + '</div>')
  )
}

/** A column header's HTML as the attribute asked for (`English` → `English?`), as `asAttribute` words it. */
function attributeHtml(html: string): string {
  const text = html.replace(/<[^>]*>/g, '')
  if (/[?？]\s*$/.test(text)) return html
  return html.replace(/\s*:\s*((?:<\/[^>]+>\s*)*)$/, '$1').replace(/((?:<\/[^>]+>\s*)*)$/, '?$1')
}

/** Blocks; everything else a card renders is phrasing (a front part). */
const blockTypes = new Set(['paragraph', 'heading', 'list', 'listItem', 'table', 'code', 'blockquote', 'thematicBreak', 'math', 'definition', 'footnoteDefinition', 'yaml'])

/** One part of a card (a lead-in, the prompt, the answer) while the card is converted. */
interface Part {
  type: 'studydeckPart'
  phrasing: boolean
  /** Its deletions are written with their marks (a cloze note's text); elsewhere a deletion reads as its text. */
  marks: boolean
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
function htmlParts(parts: RootContent[][], options: RenderOptions, media: Map<string, MediaFile>, marked = 0): string[] {
  // Phrasing converts without a line ending between its nodes (`Na+?`, not `Na+ ?`).
  const wrapped: Part[] = parts.map((nodes, index) => ({type: 'studydeckPart', phrasing: nodes.length > 0 && nodes.every((node) => !blockTypes.has(node.type)), marks: index < marked, held: nodes}))
  let marks = false
  // Definitions render as nothing; beside the parts, they resolve the card's
  // reference links and give its footnotes a footer.
  const definitions = definitionsUsed(parts.flat(), options.definitions ?? noDefinitions)
  const converted = toHast({type: 'root', children: [...wrapped, ...definitions]} as unknown as MdastNodes, {
    allowDangerousHtml: true,
    handlers: {
      studydeckPart: (state: State, node: Part) => {
        marks = node.marks
        const children = state.all({type: 'studydeckPart', children: node.held} as never)
        marks = false
        return element('div', {}, node.phrasing ? children : state.wrap(children))
      },
      cloze: (state: State, node: Cloze) => {
        const content = state.all(node as never)
        if (!marks || node.number === 0) return content
        const hint = node.hint ? [{type: 'text', value: clozeMark.hint} as ElementContent, ...state.all({type: 'cloze', children: node.hint} as never)] : []
        return [{type: 'text', value: clozeMark.open + node.number + clozeMark.number}, ...content, ...hint, {type: 'text', value: clozeMark.close}]
      },
      inlineMath: (_state: State, node: InlineMath) => ({type: 'text', value: inlineMath(node, options.source)}),
      // Container fences are markup: what they hold is rendered, they are not.
      containerFence: () => undefined,
      // `~~answer~~` marks what to learn (a cloze mark, where the document says so): shown plainly, never crossed out.
      delete: (state: State, node: {children: PhrasingContent[]}) => state.all(node as never),
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

