import type {List, ListItem, Paragraph, PhrasingContent, RootContent} from 'mdast'
import {append, contextAt, isTaken, placeOf, skipped, type Draft, type ExtractContext} from '../context.js'
import {opensDetails} from '../html.js'
import {hasIgnoreMarker} from '../outline.js'
import {asParagraph, isBlank, isOnlyLinksOrImages, phrasingText, splitLines, text, trimEnd, trimStart} from '../phrasing.js'

/** Separators between a term and its definition (L1). */
const afterTermSeparator = /^\s*(?::|[\u2014\u2013]|-(?=\s))\s*/
const plainTermSeparator = /^(.+?)(?::\s+|:$|\s+[\u2014\u2013-]\s+)/

/** A term is a name, not a sentence. */
const maxTermWords = 8
const maxTermLength = 80

/** Bold lead words that open a remark, not a term (`**Note:** …`). */
const admonition = /^(?:note|nb|n\.b|tip|hint|warning|caution|important|example|e\.g|remember|tl;?dr|update|edit|info|danger|attention|see also|source|answer|question|q|a)$/i

/**
 * List cards: L1 term/definition bullets (one card per term) and L2
 * enumerations (one card for a list of plain items under a lead-in).
 * L3: task lists and lists of only links or images make no cards.
 * Terms also come as paragraphs: a definition list (`Term⏎: definition`) or
 * a run of `**Term**: definition` paragraphs.
 */
export function extractLists(ctx: ExtractContext): Draft[] {
  const drafts: Draft[] = []
  for (const [index, block] of ctx.tree.children.entries()) {
    if (isTaken(ctx, index)) continue
    if (block.type === 'list') append(drafts, listCards(ctx, block, index))
  }
  append(drafts, termParagraphs(ctx))
  return drafts
}

function listCards(ctx: ExtractContext, list: List, index: number): Draft[] {
  const items = list.children.filter((item) => {
    // An item that is a card of its own (a cloze note, `Q::A`) is no term nor part of an enumeration.
    if (ctx.claimed.has(item)) return false
    const first = item.children[0]
    if (first?.type === 'paragraph' && hasIgnoreMarker(first.children)) {
      skipped(ctx, item, 'ignored', 'Item opted out with `<!-- studydeck-ignore -->`')
      return false
    }
    return true
  })
  if (items.length === 0) return []
  if (items.some((item) => typeof item.checked === 'boolean')) {
    skipped(ctx, list, 'list-task', 'Task list: not a card')
    return []
  }
  // Answers hidden in `<details>` (`View answer`) are not the items of a list to learn.
  if (items.some((item) => opensDetails(item.children[0]))) {
    skipped(ctx, list, 'list-details', 'List of `<details>` that do not all ask a question: not a card')
    return []
  }
  if (items.every((item) => isBlank(item.children))) {
    skipped(ctx, list, 'list-empty', 'List of empty items: not a card')
    return []
  }
  if (items.every((item) => isNavigationItem(item))) {
    skipped(ctx, list, 'list-links-only', 'List of only links or images (navigation, badges): not a card')
    return []
  }

  const context = contextAt(ctx, index)
  const terms = items.map((item) => splitTerm(item))
  if (isChoices(terms)) {
    skipped(ctx, list, 'list-choices', 'Choices of a quiz (`A: …`, `B: …`): not terms')
    return []
  }
  const termCount = terms.filter(Boolean).length
  // Link collections (`- [name](url) - what it is`) mix described and bare links.
  const content = items.filter((item, position) => terms[position] || !isNavigationItem(item)).length
  if (termCount === content || (termCount >= 2 && termCount * 3 >= content * 2)) {
    const lead = leadFromHeading(ctx, index) ?? leadFromParagraph(ctx, index)
    const drafts: Draft[] = []
    for (const [position, term] of terms.entries()) {
      const item = items[position]
      if (!term) {
        if (isBlank(item.children)) skipped(ctx, item, 'list-item-empty', 'Item of a term list is empty: not a card')
        else if (item.children[0]?.type === 'code') skipped(ctx, item, 'list-item-code-only', 'Item of a term list is only code: not a card')
        else if (isNavigationItem(item)) skipped(ctx, item, 'list-item-link-only', 'Item of a term list is only a link: not a card')
        else skipped(ctx, item, 'list-item-not-term', 'Item in a term list has no `term: definition` form')
        continue
      }
      drafts.push({kind: 'list', rule: 'list-term', parts: lead ? [lead, term.term] : [term.term], answer: term.definition, context, place: placeOf(item)})
    }
    return drafts
  }

  if (ctx.answers.has(list)) {
    skipped(ctx, list, 'list-in-answer', 'List is part of a question’s answer: not an enumeration card of its own')
    return []
  }
  const lead = leadFromParagraph(ctx, index) ?? leadFromHeading(ctx, index, true)
  if (!lead) {
    skipped(ctx, list, 'list-no-lead-in', 'List has no lead-in (a paragraph ending with `:` or a heading just above)')
    return []
  }
  if (items.length < 2) {
    skipped(ctx, list, 'list-too-short', 'Enumeration needs 2 or more items')
    return []
  }
  const shown: List = items.length === list.children.length ? list : {...list, children: items}
  return [{kind: 'list', rule: 'list-enumeration', parts: [lead], hint: items.length + ' items', answer: [shown], context, place: placeOf(list)}]
}

/** `- A: …`, `- B: …`: the options of a multiple-choice question, labelled by letters in order. */
function isChoices(terms: Array<Term | undefined>): boolean {
  return terms.length >= 2 && terms.every((term, position) => term && phrasingText(term.term).toUpperCase() === String.fromCharCode(65 + position))
}

/** The paragraph just above, when it ends with `:` (`Patients should verify:`). */
function leadFromParagraph(ctx: ExtractContext, index: number): PhrasingContent[] | undefined {
  const previous = ctx.tree.children[index - 1]
  if (previous?.type !== 'paragraph' || ctx.consumed.has(previous) || isTaken(ctx, index - 1)) return undefined
  if (!/:\s*$/.test(phrasingText(previous.children))) return undefined
  return trimEnd(previous.children, /:\s*$/)
}

/** The heading above the list (with `adjacent`, only when nothing stands between them). */
function leadFromHeading(ctx: ExtractContext, index: number, adjacent = false): PhrasingContent[] | undefined {
  if (adjacent) {
    const previous = ctx.tree.children[index - 1]
    return previous?.type === 'heading' ? previous.children : undefined
  }
  const path = ctx.outline.paths[index]
  return path.length > 0 ? path[path.length - 1].node.children : undefined
}

function isNavigationItem(item: ListItem): boolean {
  const first = item.children[0]
  if (!first) return true
  if (first.type !== 'paragraph') return first.type === 'code'
  return isOnlyLinksOrImages(first.children)
}

interface Term {
  term: PhrasingContent[]
  definition: RootContent[]
}

/** L1: split `Term: definition` (and the bold, code, link and dash forms) in an item. */
export function splitTerm(item: ListItem): Term | undefined {
  const [first, ...rest] = item.children
  if (first?.type !== 'paragraph') return undefined
  const split = splitTermPhrasing(first.children)
  if (!split) return undefined
  const blocks: RootContent[] = [...(split.definition.length > 0 && !isBlank(split.definition) ? [asParagraph(split.definition)] : []), ...rest]
  if (blocks.length === 0 || isBlank(blocks)) return undefined
  return {term: split.term, definition: blocks}
}

/** `Term: definition` in phrasing: the term (a name) and what follows the separator. */
function splitTermPhrasing(nodes: PhrasingContent[]): {term: PhrasingContent[]; definition: PhrasingContent[]; bold: boolean} | undefined {
  const [lead, ...after] = nodes
  if (!lead) return undefined
  let term: PhrasingContent[] | undefined
  let definition: PhrasingContent[] = []
  const bold = lead.type === 'strong' || lead.type === 'emphasis'

  if (bold || lead.type === 'inlineCode' || lead.type === 'link') {
    const labelText = phrasingText([lead])
    if (bold && /:\s*$/.test(labelText)) {
      // `**Term:** definition`
      term = trimEnd(lead.children, /:\s*$/)
      definition = trimStart(after)
    } else if (after[0]?.type === 'text' && afterTermSeparator.test(after[0].value)) {
      term = bold ? lead.children : [lead]
      definition = trimStart(after, afterTermSeparator)
    }
  } else if (lead.type === 'text') {
    const match = plainTermSeparator.exec(lead.value)
    if (match) {
      term = [text(match[1].trim())]
      const remainder = lead.value.slice(match[0].length)
      definition = trimStart([...(remainder ? [text(remainder)] : []), ...after])
    }
  }
  if (!term || !isTermLike(phrasingText(term))) return undefined
  return {term, definition, bold}
}

function isTermLike(term: string): boolean {
  if (term.length === 0 || term.length > maxTermLength) return false
  const words = term.split(/\s+/).length
  if (words > maxTermWords || (words > 4 && term.includes(', '))) return false
  // A sentence, or a URL scheme (`https: …` never happens, `see http://…` does).
  if (/[.!?]\s/.test(term) || /[.!?]$/.test(term) || /:\/\//.test(term)) return false
  return true
}

/**
 * Terms written as paragraphs: a definition list (`Term⏎: definition`, the
 * Markdown Extra and Pandoc form, also with a blank line between), and a run
 * of two or more `**Term**: definition` paragraphs (a glossary without bullets).
 */
function termParagraphs(ctx: ExtractContext): Draft[] {
  const children = ctx.tree.children
  const drafts: Draft[] = []
  const usable = (index: number) => {
    const node = children[index]
    return node?.type === 'paragraph' && !isTaken(ctx, index) && !ctx.consumed.has(node) ? node : undefined
  }

  for (let index = 0; index < children.length; index++) {
    const node = usable(index)
    if (!node) continue

    const definition = definitionListTerm(node) ?? definitionListPair(node, usable(index + 1))
    if (definition) {
      const lead = leadFromHeading(ctx, index)
      if (!definition.inline) ctx.consumed.add(children[index + 1])
      ctx.consumed.add(node)
      drafts.push({kind: 'list', rule: 'list-definition', parts: lead ? [lead, definition.term] : [definition.term], answer: definition.definition, context: contextAt(ctx, index), place: placeOf(node)})
      if (!definition.inline) index++
      continue
    }

    // A run of bold-term paragraphs.
    let end = index
    while (usable(end) && boldTerm(usable(end)!)) end++
    if (end - index < 2) continue
    const lead = leadFromHeading(ctx, index)
    for (let at = index; at < end; at++) {
      const paragraph = children[at] as Paragraph
      const term = boldTerm(paragraph)!
      ctx.consumed.add(paragraph)
      drafts.push({kind: 'list', rule: 'list-term-paragraph', parts: lead ? [lead, term.term] : [term.term], answer: [asParagraph(term.definition)], context: contextAt(ctx, at), place: placeOf(paragraph)})
    }
    index = end - 1
  }
  return drafts
}

/** `**Term**: definition` as a whole paragraph (not `**Note:** …`). */
function boldTerm(paragraph: Paragraph) {
  const split = splitTermPhrasing(paragraph.children)
  if (!split || !split.bold || isBlank(split.definition) || admonition.test(phrasingText(split.term))) return undefined
  return split
}

/** `Term⏎: definition` in one paragraph (`:` opens each definition line). */
function definitionListTerm(paragraph: Paragraph) {
  const lines = splitLines(paragraph.children)
  if (lines.length < 2 || !isTermLike(phrasingText(lines[0]))) return undefined
  const definitions = lines.slice(1).map((line) => (line[0]?.type === 'text' && /^:\s+/.test(line[0].value) ? trimStart(line, /^:\s+/) : undefined))
  if (definitions.some((line) => !line || isBlank(line))) return undefined
  // Several `: …` lines are several definitions: one paragraph each.
  return {term: lines[0], definition: (definitions as PhrasingContent[][]).map((line) => asParagraph(line)), inline: true}
}

/** `Term`, a blank line, then `: definition`. */
function definitionListPair(paragraph: Paragraph, next: Paragraph | undefined) {
  const lines = splitLines(paragraph.children)
  if (!next || lines.length !== 1 || !isTermLike(phrasingText(lines[0]))) return undefined
  const first = next.children[0]
  if (first?.type !== 'text' || !/^:\s+/.test(first.value)) return undefined
  const definition = trimStart(next.children, /^:\s+/)
  if (isBlank(definition)) return undefined
  return {term: lines[0], definition: [asParagraph(definition)], inline: false}
}
