import type {Element, ElementContent, Nodes as HastNodes, Root as HastRoot} from 'hast'
import type {Image, Nodes as MdastNodes, PhrasingContent, RootContent} from 'mdast'
import {toHast, type State} from 'mdast-util-to-hast'
import {raw} from 'hast-util-raw'
import {sanitize, defaultSchema, type Schema} from 'hast-util-sanitize'
import {toHtml} from 'hast-util-to-html'
import {toString} from 'mdast-util-to-string'
import {frontText} from './extract/index.js'
import {phrasingText} from './extract/phrasing.js'
import type {CardDraft, MediaFile} from './types.js'

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
}

export interface RenderedSides {
  front: string
  back: string
  frontHtml: string
  backHtml: string
  media: MediaFile[]
}

/**
 * What may reach a card: GitHub's allowlist (no script, style, iframe, event
 * handlers or `javascript:` URLs), plus `data:` only for images. Anki runs card
 * HTML in a web view, so this is the security boundary.
 */
export const cardSchema: Schema = {
  ...defaultSchema,
  clobberPrefix: '',
  protocols: {...defaultSchema.protocols, src: ['http', 'https']}
}

/** Render a card's front and back as sanitized HTML and as plain text. */
export function renderCard(card: CardDraft, options: RenderOptions = {}): RenderedSides {
  const media = new Map<string, MediaFile>()
  const toHtmlSafe = (nodes: RootContent[]) => html(nodes, options, media)

  const leads = [...(card.qualifier ?? []).map((text) => [{type: 'text', value: text} as PhrasingContent]), ...card.parts.slice(0, -1)]
  const prompt = card.parts[card.parts.length - 1]
  const frontHtml =
    (leads.length > 0
      ? // The separators are text, so the field stripped of tags reads as `front` does (Anki's sort field).
        '<div class="sd-lead">' + leads.map((part) => toHtmlSafe(part) + '<span class="sd-sep"> › </span>').join('') + '</div>'
      : '') +
    '<div class="sd-prompt">' + toHtmlSafe(prompt) + (card.hint ? ' <span class="sd-hint">(' + escape(card.hint) + ')</span>' : '') + '</div>'

  return {
    front: frontText(card),
    back: plainBlocks(card.answer),
    frontHtml,
    backHtml: toHtmlSafe(card.answer),
    media: [...media.values()]
  }
}

function html(nodes: RootContent[], options: RenderOptions, media: Map<string, MediaFile>): string {
  const hast = toHast({type: 'root', children: nodes} as MdastNodes, {
    allowDangerousHtml: true,
    handlers: {
      inlineMath: (_state: State, node: {value: string}) => ({type: 'text', value: '\\(' + node.value + '\\)'}),
      math: (_state: State, node: {value: string}) => element('div', {className: ['math']}, [{type: 'text', value: '\\[' + node.value + '\\]'}]),
      image: (state: State, node: Image) => image(state, node, options, media)
    }
  }) as HastRoot
  // Raw HTML is parsed for real (so `<scr<script>ipt>` tricks see a browser's
  // view of it) and only then sanitized.
  const safe = sanitize(raw(hast) as HastNodes, {
    ...cardSchema,
    attributes: {...cardSchema.attributes, div: [...(cardSchema.attributes?.div ?? []), ['className', 'math']]}
  })
  return toHtml(safe).trim()
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

/** Plain text of answer blocks: paragraphs apart, list items as `- item`. */
export function plainBlocks(nodes: RootContent[], indent = ''): string {
  return nodes
    .map((node) => plainBlock(node, indent))
    .filter((text) => text.length > 0)
    .join('\n\n')
}

function plainBlock(node: RootContent, indent: string): string {
  switch (node.type) {
    case 'list': {
      const start = node.start ?? 1
      return node.children
        .map((item, index) => {
          const marker = node.ordered ? start + index + '. ' : '- '
          const body = item.children.map((child) => plainBlock(child, indent + '  ')).filter(Boolean).join('\n' + indent + '  ')
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
      return plainBlocks(node.children).replace(/^/gm, '> ')
    case 'thematicBreak':
    case 'definition':
    case 'yaml':
      return ''
    default:
      return toString(node).replace(/[ \t]+/g, ' ').trim()
  }
}

/** Text of a raw HTML block, tags and comments dropped. */
function htmlText(value: string): string {
  return value.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim()
}

const escapes: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}

export function escape(value: string): string {
  return value.replace(/[&<>"']/g, (character) => escapes[character])
}
