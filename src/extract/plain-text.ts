import type {Nodes as MdastNodes, PhrasingContent, RootContent} from 'mdast'
import type {} from '../parse/structure.js'
import type {} from '../parse/cloze-syntax.js'
import {droppedWithContent} from '../shared/html-text.js'
import {texText} from '../shared/tex-text.js'
import type {CardDraft} from '../shared/types.js'
import {phrasingText} from './phrasing.js'
import {squash} from '../shared/text.js'

/**
 * A card's plain texts, from its pieces of the syntax tree: what
 * extraction compares (question keys, junk, equal fronts) and what the
 * JSON's `front` and `back` hold. Math as text where it can, raw HTML as its text.
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
export function textsOf(card: Pick<CardDraft, 'parts' | 'body' | 'answer' | 'note'>): CardTexts {
  // A cloze note asks its text with the deletions hidden; its answer is the text with them shown (and its extra).
  if (card.note === 'cloze') {
    const extra = plainBlocks(card.answer)
    return {parts: [clozeText(card.parts[0], 'hidden')], answer: clozeText(card.parts[0], 'shown') + (extra ? '\n\n' + extra : '')}
  }
  return {
    parts: card.parts.map((part) => phrasingText(part)),
    ...(card.body ? {body: plainBlocks(card.body)} : {}),
    answer: plainBlocks(card.answer)
  }
}

/**
 * The plain front of a card, as the student reads it: its parts joined by
 * `›`. A table cell asks for an attribute of its row: `caption › row key —
 * column?` (`Verbs › llegar — English?`).
 */
export function frontOf(card: {rule?: string; qualifier?: string[]; hint?: string; texts: CardTexts}): string {
  const parts = [...(card.qualifier ?? []), ...card.texts.parts]
  if (asksAttribute(card.rule) && parts.length >= 2) parts.splice(parts.length - 2, 2, parts[parts.length - 2] + ' — ' + asAttribute(parts[parts.length - 1]))
  const body = card.texts.body ?? ''
  return parts.join(' › ') + (card.hint ? ' (' + card.hint + ')' : '') + (body ? '\n\n' + body : '')
}

/** Whether a card's last part is an attribute of the part before it (a table cell: row key — column). */
export function asksAttribute(rule: string | undefined): boolean {
  return rule === 'table-cell'
}

/** A column header as the attribute asked for: `English` → `English?` (a header that asks already, or ends in `:`, is not asked twice). */
export function asAttribute(header: string): string {
  return /[?？]\s*$/.test(header) ? header : header.replace(/\s*:\s*$/, '') + '?'
}

/** The plain front of a draft, as the student reads it. */
export function frontText(card: Pick<CardDraft, 'parts' | 'hint' | 'qualifier' | 'body' | 'rule' | 'note'>): string {
  if (card.note === 'cloze') return clozeText(card.parts[0], 'hidden')
  return frontOf({rule: card.rule, qualifier: card.qualifier, hint: card.hint, texts: textsOf({parts: card.parts, body: card.body, answer: []})})
}

/**
 * Phrasing without its deletions: each `hidden` as `[...]` (or `[hint]`),
 * or `shown` as its text. What the plain sides of a cloze note read.
 */
export function clozeView(nodes: PhrasingContent[], mode: 'hidden' | 'shown'): PhrasingContent[] {
  return nodes.flatMap((node): PhrasingContent[] => {
    if (node.type === 'cloze') {
      if (mode === 'shown' || node.number === 0) return clozeView(node.children, mode)
      return [{type: 'text', value: '[' + (node.hint ? phrasingText(node.hint) : '...') + ']'}]
    }
    return ['children' in node ? ({...node, children: clozeView(node.children as PhrasingContent[], mode)} as PhrasingContent) : node]
  })
}

/** A cloze note's text, its deletions hidden or shown, plain. */
export function clozeText(nodes: PhrasingContent[], mode: 'hidden' | 'shown'): string {
  return squash(phrasingText(clozeView(nodes, mode)))
}

/**
 * Plain text of answer blocks: paragraphs apart, list items as `- item`
 * (`1. item`) with what they hold indented under their text by the width of
 * their marker, at every depth; table rows as cells apart (`a | b`); math
 * as text where it can (`shared/tex-text.ts`).
 */
export function plainBlocks(nodes: RootContent[], indent = '', source?: string): string {
  const text = nodes
    .map((node) => plainBlock(node, source))
    .filter((block) => block.length > 0)
    .join('\n\n')
  return indent ? text.replace(/^(?=.)/gm, indent) : text
}

function plainBlock(node: RootContent, source?: string): string {
  switch (node.type) {
    case 'list': {
      const start = node.start ?? 1
      return node.children
        .map((item, index) => {
          const marker = node.ordered ? start + index + '. ' : '- '
          const body = item.children
            .map((child) => plainBlock(child, source))
            .filter(Boolean)
            .join('\n')
          // Lines after the first line up under the item's text.
          return marker + body.replace(/\n(?=.)/g, '\n' + ' '.repeat(marker.length))
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
      return plainBlocks(node.children, '', source).replace(/^(.*)$/gm, (line) => (line ? '> ' + line : '>'))
    case 'thematicBreak':
    case 'definition':
    case 'yaml':
    case 'containerFence':
      return ''
    default:
      return textOf(node, source).replace(/[ \t]+/g, ' ').replace(/ ?\n ?/g, '\n').trim()
  }
}

/** Inline math in plain text: as text (`shared/tex-text.ts`) when it is math Anki shows as such, else as written. */
function plainMath(node: InlineMath, source?: string): string {
  const written = writtenMath(node, source)
  const text = written ?? '$' + node.value + '$'
  // A price (`$5 and $10`: a space inside a dollar, a digit after) stays text; display math (`$$…$$`) keeps its TeX.
  if (written?.startsWith('$$')) return written
  const after = written === undefined ? '' : source!.charAt(node.position!.end.offset!)
  if (/^\s|\s$/.test(text.slice(1, -1)) || /\d/.test(after)) return text
  return texText(node.value) ?? text
}

/** `toString` of mdast-util-to-string, but inline math reads as text where it can (`x²`), else as written (`$…$`). */
function textOf(node: MdastNodes, source?: string): string {
  if (node.type === 'inlineMath') return plainMath(node, source)
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
