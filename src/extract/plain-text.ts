import type {Nodes as MdastNodes, PhrasingContent, RootContent} from 'mdast'
import {droppedWithContent} from '../shared/html-text.js'
import type {CardDraft} from '../shared/types.js'
import {phrasingText} from './phrasing.js'

/**
 * A card's plain texts, from its pieces of the syntax tree: what
 * extraction compares (question keys, junk, equal fronts) and what the
 * JSON's `front` and `back` hold. Math as written, raw HTML as its text.
 */

/** `$x$` in the syntax tree (remark-math). */
export type InlineMath = Extract<PhrasingContent, {type: 'inlineMath'}>

/** A card's plain texts: front parts (lead-ins, then the prompt), body, answer. */
export interface CardTexts {
  parts: string[]
  /** Set when the draft has a body, even an empty one. */
  body?: string
  answer: string
}

/** A draft's plain texts. */
export function textsOf(card: Pick<CardDraft, 'parts' | 'body' | 'answer'>): CardTexts {
  return {
    parts: card.parts.map((part) => phrasingText(part)),
    ...(card.body ? {body: plainBlocks(card.body)} : {}),
    answer: plainBlocks(card.answer)
  }
}

/** The plain front of a card, as the student reads it. */
export function frontOf(card: {qualifier?: string[]; hint?: string; texts: CardTexts}): string {
  const parts = [...(card.qualifier ?? []), ...card.texts.parts]
  const body = card.texts.body ?? ''
  return parts.join(' › ') + (card.hint ? ' (' + card.hint + ')' : '') + (body ? '\n\n' + body : '')
}

/** The plain front of a draft, as the student reads it. */
export function frontText(card: Pick<CardDraft, 'parts' | 'hint' | 'qualifier' | 'body'>): string {
  return frontOf({qualifier: card.qualifier, hint: card.hint, texts: textsOf({parts: card.parts, body: card.body, answer: []})})
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

/** Elements the sanitizer drops with their content: their text is not shown either. */
const strippedElements = new RegExp('<(' + droppedWithContent.join('|') + ')\\b[^>]*>[\\s\\S]*?</\\1\\s*>', 'gi')

/** Text of a raw HTML block, tags, comments and the content of dropped elements left out. */
function htmlText(value: string): string {
  return value.replace(/<!--[\s\S]*?-->/g, '').replace(strippedElements, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim()
}

/** Inline math as the document wrote it, when its position points at it. */
export function writtenMath(node: InlineMath, source?: string): string | undefined {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  if (source === undefined || start === undefined || end === undefined) return undefined
  const written = source.slice(start, end)
  return /^\$[\s\S]*\$$/.test(written) && written.includes(node.value) ? written : undefined
}
