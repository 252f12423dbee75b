import type {List, ListItem, PhrasingContent, RootContent} from 'mdast'
import {contextAt, placeOf, skipped, type Draft, type ExtractContext} from './context.js'
import {asParagraph, isBlank, isOnlyLinksOrImages, phrasingText, trimEnd, trimStart} from './phrasing.js'

/** Separators between a term and its definition (L1). */
const afterTermSeparator = /^\s*(?::|[\u2014\u2013]|-(?=\s))\s*/
const plainTermSeparator = /^(.+?)(?::\s+|:$|\s+[\u2014\u2013-]\s+)/

/** A term is a name, not a sentence. */
const maxTermWords = 8
const maxTermLength = 80

/**
 * List cards: L1 term/definition bullets (one card per term) and L2
 * enumerations (one card for a list of plain items under a lead-in).
 * L3: task lists and lists of only links or images make no cards.
 */
export function extractLists(ctx: ExtractContext): Draft[] {
  const drafts: Draft[] = []
  for (const [index, block] of ctx.tree.children.entries()) {
    if (block.type !== 'list' || ctx.outline.ignored.has(index)) continue
    drafts.push(...listCards(ctx, block, index))
  }
  return drafts
}

function listCards(ctx: ExtractContext, list: List, index: number): Draft[] {
  const items = list.children
  if (items.some((item) => typeof item.checked === 'boolean')) {
    skipped(ctx, list, 'list-task', 'Task list: not a card')
    return []
  }
  if (items.every((item) => isNavigationItem(item))) {
    skipped(ctx, list, 'list-links-only', 'List of only links or images (navigation, badges): not a card')
    return []
  }

  const context = contextAt(ctx, index)
  const terms = items.map((item) => splitTerm(item))
  const termCount = terms.filter(Boolean).length
  if (termCount === items.length || (termCount >= 2 && termCount * 3 >= items.length * 2)) {
    const lead = leadFromHeading(ctx, index) ?? leadFromParagraph(ctx, index)
    const drafts: Draft[] = []
    for (const [position, term] of terms.entries()) {
      const item = items[position]
      if (!term) {
        skipped(ctx, item, 'list-item-not-term', 'Item in a term list has no `term: definition` form')
        continue
      }
      drafts.push({
        kind: 'list',
        rule: 'list-term',
        parts: lead ? [lead, term.term] : [term.term],
        answer: term.definition,
        context,
        place: placeOf(item)
      })
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
  return [
    {
      kind: 'list',
      rule: 'list-enumeration',
      parts: [lead],
      hint: items.length + ' items',
      answer: [list],
      context,
      place: placeOf(list)
    }
  ]
}

/** The paragraph just above, when it ends with `:` (`Patients should verify:`). */
function leadFromParagraph(ctx: ExtractContext, index: number): PhrasingContent[] | undefined {
  const previous = ctx.tree.children[index - 1]
  if (previous?.type !== 'paragraph' || ctx.consumed.has(previous)) return undefined
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
  const [lead, ...after] = first.children
  if (!lead) return undefined
  let term: PhrasingContent[] | undefined
  let definition: PhrasingContent[] = []

  if (lead.type === 'strong' || lead.type === 'emphasis' || lead.type === 'inlineCode' || lead.type === 'link') {
    const labelText = phrasingText([lead])
    if ((lead.type === 'strong' || lead.type === 'emphasis') && /:\s*$/.test(labelText)) {
      // `**Term:** definition`
      term = trimEnd(lead.children, /:\s*$/)
      definition = trimStart(after)
    } else if (after[0]?.type === 'text' && afterTermSeparator.test(after[0].value)) {
      term = lead.type === 'strong' || lead.type === 'emphasis' ? lead.children : [lead]
      definition = trimStart(after, afterTermSeparator)
    }
  } else if (lead.type === 'text') {
    const match = plainTermSeparator.exec(lead.value)
    if (match) {
      term = [{type: 'text', value: match[1].trim()}]
      const remainder = lead.value.slice(match[0].length)
      definition = trimStart([...(remainder ? [{type: 'text' as const, value: remainder}] : []), ...after])
    }
  }

  if (!term || !isTermLike(phrasingText(term))) return undefined
  const blocks: RootContent[] = [...(definition.length > 0 && !isBlank(definition) ? [asParagraph(definition)] : []), ...rest]
  if (blocks.length === 0 || isBlank(blocks)) return undefined
  return {term, definition: blocks}
}

function isTermLike(term: string): boolean {
  if (term.length === 0 || term.length > maxTermLength) return false
  const words = term.split(/\s+/).length
  if (words > maxTermWords || (words > 4 && term.includes(', '))) return false
  // A sentence, or a URL scheme (`https: …` never happens, `see http://…` does).
  if (/[.!?]\s/.test(term) || /[.!?]$/.test(term) || /:\/\//.test(term)) return false
  return true
}
