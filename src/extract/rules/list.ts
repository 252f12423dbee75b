import type {List, ListItem, Paragraph, PhrasingContent, RootContent} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {append, contextAt, isTaken, placeOf, skipped, type Draft, type ExtractContext} from '../context.js'
import {setVerdict} from '../enumeration.js'
import {opensDetails} from '../html.js'
import {instructionReason, leadInOf} from '../leadin.js'
import {hasIgnoreMarker} from '../outline.js'
import {isBlank, isOnlyLinksOrImages, phrasingText} from '../phrasing.js'
import {isHousekeeping} from '../section-names.js'
import {admonition, isTermLike, itemTerm, sameName, type Term} from '../terms.js'

/** Headings over lists of command-line options: a tool's own interface, not study content. */
const optionsHeading = /^(?:parameters|params|options|arguments|args|flags|command[- ]line (?:options|arguments|flags)|cli(?: options| flags)?|switches)$/i


/** What a list walk knows of what lies above the list. */
interface Around {
  index: number
  context: string[]
  /** Put before each term (`lead-in › term`). */
  termLead: PhrasingContent[] | undefined
  /** The lead-in that would name the list as a set, and where it stands. */
  setLead: {sentence: PhrasingContent[]; instruction?: string; from: 'heading' | 'paragraph' | 'item'; prefix?: PhrasingContent[]; place?: ListItem} | undefined
  /** Why the list cannot be an enumeration at all (part of an answer, of a definition, a cut procedure). */
  noSet?: {ruleId: string; reason: string}
  /** The nearest heading above, as plain text. */
  heading: string | undefined
  /** The label of the item above, when its definition is only its sub-items. */
  label?: string
}

/**
 * List cards: L1 term items (one card per term, at any depth: `**Term**:`,
 * `Term - def`, `Term = def`, `Term → def`, `**Term** is …`, a bold label
 * with its definition in sub-items…) and L2 enumerations (one card for a
 * list that is a closed set under a lead-in, `enumeration.ts`).
 * L3: task lists, lists of only links or images, quiz choices make no cards.
 * Terms also come as paragraphs (`definition-list.ts`).
 */
export function extractLists(ctx: ExtractContext): Draft[] {
  const drafts: Draft[] = []
  const children = ctx.tree.children
  const cut = cutProcedures(ctx)
  for (const [index, block] of children.entries()) {
    if (isTaken(ctx, index) || block.type !== 'list') continue
    const heading = ctx.outline.paths[index].at(-1)
    const paragraphLead = leadParagraph(ctx, index)
    const adjacentHeading = children[index - 1]?.type === 'heading' ? (children[index - 1] as {children: PhrasingContent[]}).children : undefined
    const leadIn = paragraphLead ? leadInOf(paragraphLead) : undefined
    const pseudo = pseudoHeading(ctx, index)
    const setLead = leadIn
      ? {...leadIn, from: 'paragraph' as const}
      : adjacentHeading
        ? {sentence: adjacentHeading, from: 'heading' as const, ...headingInstruction(phrasingText(adjacentHeading))}
        : undefined
    const around: Around = {
      index,
      context: contextAt(ctx, index),
      termLead: pseudo ?? heading?.node.children ?? leadIn?.sentence,
      setLead,
      heading: heading?.text,
      ...(ctx.answers.has(block)
        ? {noSet: {ruleId: 'list-in-answer', reason: 'List is part of a question’s answer: not an enumeration card of its own'}}
        : ctx.consumed.has(block)
          ? {noSet: {ruleId: 'list-in-definition', reason: 'List is part of a term’s definition: not an enumeration card of its own'}}
          : cut.has(block)
          ? {noSet: {ruleId: 'list-cut', reason: 'Numbered list is part of a procedure cut by other blocks (it goes on below with the next number): not an enumeration card'}}
          : {})
    }
    append(drafts, walkList(ctx, block, around, true))
  }
  return drafts
}

function headingInstruction(value: string): {instruction?: string} {
  if (isHousekeeping(value) || optionsHeading.test(value.replace(/[^\p{L}\s-]/gu, '').trim())) return {instruction: 'is a section of navigation, housekeeping or a tool’s options'}
  const instruction = instructionReason(value, true)
  return instruction ? {instruction} : {}
}

/** The paragraph just above a list, if nothing else uses it. */
function leadParagraph(ctx: ExtractContext, index: number): Paragraph | undefined {
  const previous = ctx.tree.children[index - 1]
  if (previous?.type !== 'paragraph' || ctx.consumed.has(previous) || isTaken(ctx, index - 1)) return undefined
  return previous
}

/** `1. Proteins` alone, right above a list of its facts (`- **Function**: …`): a heading in all but name. */
function pseudoHeading(ctx: ExtractContext, index: number): PhrasingContent[] | undefined {
  const previous = ctx.tree.children[index - 1]
  if (previous?.type === 'list' && previous.children.length === 1) {
    const [item] = previous.children
    const first = item.children[0]
    if (item.children.length === 1 && first?.type === 'paragraph' && isTermLike(phrasingText(first.children)) && !/:\s*$/.test(phrasingText(first.children))) return first.children
  }
  return undefined
}

/**
 * Numbered lists that are pieces of one procedure cut by other blocks: a
 * list whose numbers go on in a later list of the same section (`1.`–`3.`,
 * a bullet list, `4.`), and one that starts past 1 with nothing before it.
 */
function cutProcedures(ctx: ExtractContext): Set<List> {
  const cut = new Set<List>()
  const children = ctx.tree.children
  const lists = children.flatMap((block, index) => (block.type === 'list' && block.ordered ? [{list: block, index}] : []))
  for (const [position, {list, index}] of lists.entries()) {
    const start = list.start ?? 1
    const next = lists[position + 1]
    const continues = next && (next.list.start ?? 1) === start + list.children.length && !children.slice(index + 1, next.index).some((block) => block.type === 'heading')
    if (continues) {
      cut.add(list)
      cut.add(next.list)
    } else if (start > 1 && !cut.has(list)) {
      cut.add(list)
    }
  }
  return cut
}

function walkList(ctx: ExtractContext, list: List, around: Around, top: boolean): Draft[] {
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
  const drafts: Draft[] = []
  for (const [position, run] of runs(items).entries()) {
    const after = position === 0 ? around : {...around, setLead: undefined, noSet: around.noSet ?? {ruleId: 'list-after-gap', reason: 'Items after a blank line that ends the list above: not part of its enumeration'}}
    append(drafts, walkRun(ctx, list, run, after, top))
  }
  return drafts
}

/**
 * A tight list with a blank line before a later item: that item came after
 * the list ended (a remark, a neighbouring definition) and is no member of
 * the set above it.
 */
function runs(items: ListItem[]): ListItem[][] {
  const gaps = items.slice(1).map((item, position) => (item.position && items[position].position ? item.position.start.line - items[position].position!.end.line : 1))
  // Two or more tight items, a blank line, then one or two items to the end.
  const at = gaps.findIndex((gap, position) => gap > 1 && position >= 1 && gaps.slice(0, position).every((before) => before <= 1) && gaps.slice(position + 1).every((after) => after <= 1))
  if (at === -1 || items.length - (at + 1) > 2) return [items]
  return [items.slice(0, at + 1), items.slice(at + 1)]
}

function walkRun(ctx: ExtractContext, list: List, items: ListItem[], around: Around, top: boolean): Draft[] {
  const terms = items.map((item) => itemTerm(item))
  if (isChoices(terms)) {
    skipped(ctx, list, 'list-choices', 'Choices of a quiz (`A: …`, `B: …`): not terms')
    return []
  }
  const drafts: Draft[] = []
  // In a question's answer only a plain glossary of two or more terms makes cards (`- pending: initial state`);
  // a line of output (`ReferenceError: x is not defined`, `1000 elements = 1ms`), an item over its sub-items,
  // are part of the answer.
  if (around.noSet?.ruleId === 'list-in-answer') {
    for (const [position, term] of terms.entries()) {
      if (term && (term.form === 'verb' || term.form === 'link' || term.form === 'label' || (term.form === 'arrow' && (!term.marked || term.term[0]?.type === 'inlineCode')))) terms[position] = undefined
    }
  }
  // A label over terms is no term of its own: its sub-items are.
  const termCount = terms.filter((term) => term && !term.groups).length
  // Link collections (`- [name](url) - what it is`) mix described and bare links; `- …` says nothing.
  const content = items.filter((item, position) => terms[position] || (!isNavigationItem(item) && !isEmptyItem(item))).length
  const termList = termCount > 0 && (termCount === content || (termCount >= 2 && termCount * 3 >= content * 2)) && !(around.noSet?.ruleId === 'list-in-answer' && termCount < 2)

  // Facts, or facts and a few terms, may be a set; so may a heading's list that opens with what the thing is, then its terms
  // (`### AWS Snow Family`: "Portable devices…", `- Data migration:` …).
  let setMade = false
  if (!termList || (termCount < content && around.setLead?.from === 'heading' && !terms[0])) {
    const verdict = around.noSet ?? setOf(items, list, around)
    if ('set' in verdict && verdict.set) {
      const lead = around.setLead!
      const shown: List = items.length === list.children.length ? list : {...list, children: items}
      drafts.push({
        kind: 'list',
        rule: 'list-enumeration',
        parts: lead.prefix ? [lead.prefix, lead.sentence] : [lead.sentence],
        ...(verdict.hint ? {hint: verdict.hint} : {}),
        answer: [shown],
        context: around.context,
        place: placeOf(lead.place ?? (items[0] === list.children[0] ? list : items[0]))
      })
      setMade = true
    } else if ('ruleId' in verdict && (top || !['list-no-lead-in', 'list-in-definition', 'list-in-answer'].includes(verdict.ruleId))) {
      skipped(ctx, items[0] === list.children[0] ? list : items[0], verdict.ruleId, verdict.reason)
    }
  }

  for (const [position, term] of terms.entries()) {
    const item = items[position]
    if (!term) {
      if (termList) {
        if (isBlank(item.children)) skipped(ctx, item, 'list-item-empty', 'Item of a term list is empty: not a card')
        else if (item.children[0]?.type === 'code') skipped(ctx, item, 'list-item-code-only', 'Item of a term list is only code: not a card')
        else if (isNavigationItem(item)) skipped(ctx, item, 'list-item-link-only', 'Item of a term list is only a link: not a card')
        else if (!isEmptyItem(item)) skipped(ctx, item, 'list-item-not-term', 'Item in a term list has no `term: definition` form')
      }
      continue
    }
    // Among plain facts, a lone `Label: value` is a fact too; a marked term, a run of terms alike, or a label
    // over sub-items that no set card shows, is a term.
    const label = term.form === 'label' && !setMade && subItems(item) >= 2
    if (!termList && !term.strong && !label && !alike(term, terms[position - 1]) && !alike(term, terms[position + 1])) continue
    const card = termCard(ctx, item, term, around)
    if (card) drafts.push(card)
  }

  // Sub-lists: the terms of a term's definition, the sets under a lead-in item.
  for (const [position, item] of items.entries()) {
    const term = terms[position]
    const first = item.children[0]
    for (const child of item.children) {
      if (child.type !== 'list') continue
      if (term) {
        const label = term.form === 'label' ? phrasingText(term.term) : undefined
        // `- **Example**:` over `- **Hemoglobin**: …`: a remark's label leads nothing.
        const termLead = admonition.test(phrasingText(term.term)) ? around.termLead : term.term
        append(drafts, walkList(ctx, child, {...around, termLead, label, setLead: undefined, noSet: {ruleId: 'list-in-definition', reason: 'List is part of a term’s definition: not an enumeration card of its own'}}, false))
        continue
      }
      const leadIn = first?.type === 'paragraph' ? leadInOf(first, false) : undefined
      const informative = leadIn && !leadIn.instruction && phrasingText(leadIn.sentence).split(/\s+/).length <= 14
      append(
        drafts,
        walkList(
          ctx,
          child,
          {
            ...around,
            termLead: informative ? leadIn.sentence : around.termLead,
            label: undefined,
            // `Structure of amino acids:` over `- A carbon bonded to the four groups:` over the groups.
            setLead: leadIn && {...leadIn, from: 'item', place: item, prefix: around.setLead?.sentence ?? around.termLead},
            noSet: around.noSet?.ruleId === 'list-in-answer' || around.noSet?.ruleId === 'list-in-definition' ? around.noSet : undefined
          },
          false
        )
      )
    }
  }
  return drafts
}

/** Two terms of one kind: both with their definition on their line, or both labels over sub-items. */
function alike(term: Term, other: Term | undefined): boolean {
  return other !== undefined && (term.form === 'label') === (other.form === 'label')
}

function setOf(items: ListItem[], list: List, around: Around): {set: true; hint?: string} | {ruleId: string; reason: string} {
  if (!around.setLead) return {ruleId: 'list-no-lead-in', reason: 'List has no lead-in (a paragraph ending with `:` or a heading just above)'}
  const verdict = setVerdict(items, Boolean(list.ordered), {text: phrasingText(around.setLead.sentence), instruction: around.setLead.instruction, from: around.setLead.from})
  return verdict.set ? verdict : {ruleId: verdict.ruleId, reason: verdict.reason}
}

function termCard(ctx: ExtractContext, item: ListItem, term: Term, around: Around): Draft | undefined {
  const name = phrasingText(term.term)
  if (admonition.test(name)) {
    skipped(ctx, item, 'list-item-not-term', '`' + name + '` opens a remark, not a term')
    return undefined
  }
  // "The **endoplasmic reticulum** is…" under `**Endoplasmic reticulum (ER)**:` defines the label: that card holds it.
  if (around.label && sameName(around.label, name)) {
    skipped(ctx, item, 'list-item-defines-label', '`' + name + '` defines the label above it: part of that card')
    return undefined
  }
  if (term.groups) {
    skipped(ctx, item, 'list-group-label', '`' + name + '` labels the terms below it: they are the cards')
    return undefined
  }
  const definition = plainDefinition(term)
  if (functionWords.test(name)) {
    skipped(ctx, item, 'list-split-name', '`' + name + ':` opens a telegraphic note with a word that names nothing: not a term')
    return undefined
  }
  if (isSplitName(ctx, name, definition, around.index)) {
    skipped(ctx, item, 'list-split-name', '`' + name + ': ' + definition.split(/\s+/)[0] + '` splits a name (`' + name + ' ' + definition.split(/\s+/)[0] + '` elsewhere), not a term and its definition')
    return undefined
  }
  if (/^(?:\(?\s*)(?:refer to|cf\.|see also|see first|for more,? see)\b/i.test(definition) && definition.length < 120) {
    skipped(ctx, item, 'list-cross-reference', 'Definition of `' + name + '` only refers elsewhere (`Refer to …`, `See also …`): nothing to recall')
    return undefined
  }
  if (around.heading && optionsHeading.test(around.heading.replace(/[^\p{L}\s-]/gu, '').trim()) && /^-/.test(name)) {
    skipped(ctx, item, 'list-cli-flags', 'Command-line option `' + name + '` under `' + around.heading + '`: a tool’s interface, not a term to study')
    return undefined
  }
  if (around.heading && isHousekeeping(around.heading) && term.term.some((node) => node.type === 'link')) {
    skipped(ctx, item, 'list-links-section', 'Link `' + name + '` in a section of links or housekeeping (`' + around.heading + '`): not a term to study')
    return undefined
  }
  return {kind: 'list', rule: 'list-term', parts: around.termLead ? [around.termLead, term.term] : [term.term], answer: term.definition, context: around.context, place: placeOf(item)}
}

/** Labels that no term is (`**All**: Religions equal…`, `**Not**: Imposed…`). */
const functionWords = /^(?:all|not|no|none|new|some|many|most|more|less|other|others|each|every|any|both|few|only|also|very|main)$/i
/**
 * `**Taj**: Mahal built wonder`, `**Todar**: Mal revenue minister`: telegraphic notes that cut a name in
 * two, the first half made the label. Found when the two halves stand together elsewhere in the
 * section (between the headings around the list: a large document is read a section at a time, and
 * what a rule reads must not cross a cut).
 */
function isSplitName(ctx: ExtractContext, name: string, definition: string, index: number): boolean {
  const next = /^(\p{Lu}[\p{L}'-]*)/u.exec(definition)?.[1]
  if (!next || !/^\p{Lu}\p{Ll}+$/u.test(name)) return false
  return sectionText(ctx, index).includes(name + ' ' + next)
}

const sectionTexts = new WeakMap<object, Map<number, string>>()

/** The plain text of the blocks between the headings around the block at `index`. */
function sectionText(ctx: ExtractContext, index: number): string {
  const children = ctx.tree.children
  let from = index
  while (from > 0 && children[from - 1].type !== 'heading') from--
  let texts = sectionTexts.get(ctx.tree)
  if (!texts) sectionTexts.set(ctx.tree, (texts = new Map()))
  let text = texts.get(from)
  if (text === undefined) {
    let to = index
    while (to < children.length && children[to].type !== 'heading') to++
    text = children
      .slice(from, to)
      .map((block) => toString(block, {includeHtml: false}))
      .join(' ')
      .replace(/\s+/g, ' ')
    texts.set(from, text)
  }
  return text
}

function plainDefinition(term: Term): string {
  const first = term.definition[0]
  return first?.type === 'paragraph' ? phrasingText(first.children) : ''
}

/** `- A: …`, `- B: …`: the options of a multiple-choice question, labelled by letters in order. */
function isChoices(terms: Array<Term | undefined>): boolean {
  return terms.length >= 2 && terms.every((term, position) => term && phrasingText(term.term).toUpperCase() === String.fromCharCode(65 + position))
}

/** `- …`, `- etc.`: an item with no words. */
function isEmptyItem(item: ListItem): boolean {
  const first = item.children[0]
  return item.children.length === 1 && first?.type === 'paragraph' && !/\p{L}{2}/u.test(phrasingText(first.children).replace(/\betc\b/gi, ''))
}

/** How many items the lists below an item's first line hold. */
function subItems(item: ListItem): number {
  return item.children.reduce((count, block) => count + (block.type === 'list' ? block.children.length : 0), 0)
}

function isNavigationItem(item: ListItem): boolean {
  const first = item.children[0]
  if (!first) return true
  if (first.type !== 'paragraph') return first.type === 'code'
  return isOnlyLinksOrImages(first.children)
}
