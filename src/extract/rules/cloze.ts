import type {BlockContent, ListItem, Paragraph, RootContent} from 'mdast'
import {holdsCloze, markClozeMarks} from '../../parse/cloze-syntax.js'
import type {ClozeMark} from '../../parse/settings.js'
import {clozeNote} from '../cloze-notes.js'
import {isTaken, type Draft, type ExtractContext} from '../context.js'
import {osrDeckOf} from '../osr-tags.js'

/**
 * Cloze notes (`cloze-anki`, `cloze-highlight`, `cloze-strike`,
 * `cloze-bold`): every paragraph, list item or quoted paragraph holding a
 * deletion is one Cloze note, a card per deletion number, as Anki makes
 * them. Anki's `{{c1::…}}` is found in every note (`markAnkiClozes` ran on
 * the tree); the marks only where the settings turn them on, and
 * `==highlight==` in the notes obsidian-spaced-repetition reads. The blocks
 * a note uses are claimed: no other rule makes a card of them.
 */
export function extractClozes(ctx: ExtractContext): Draft[] {
  const marks = new Set<ClozeMark>(ctx.settings.cloze)
  if (ctx.osr) marks.add('highlight')
  const source = String(ctx.file.value ?? '')
  // Without marks to find, a note holds deletions only where `{{c` is written.
  if (marks.size === 0 && source && !source.includes('{{c')) return []
  const drafts: Draft[] = []
  for (const [index, block] of ctx.tree.children.entries()) {
    if (isTaken(ctx, index)) continue
    for (const {paragraph, item} of paragraphsIn(block)) {
      // A `Q::A` item or a quoted card (`osr.ts`, `o2a.ts`) is already a card: its marks stay formatting.
      if (ctx.claimed.has(paragraph) || (item && ctx.claimed.has(item))) continue
      const marked = markClozeMarks(paragraph, marks, source)
      if (!marked && !holdsCloze(paragraph.children)) continue
      const deck = ctx.osr ? osrDeckOf(ctx, paragraph) : undefined
      const draft = clozeNote(ctx, paragraph, index)
      if (!draft) continue
      if (deck) draft.deck = deck
      drafts.push(draft)
      ctx.claimed.add(item && item.children[0] === paragraph ? item : paragraph)
      // A quote (a callout) holding cloze notes is their container, no card of its own.
      if (block === paragraph || block.type === 'blockquote') ctx.claimed.add(block)
    }
    // A list whose items are all cloze notes is no enumeration either.
    if (block.type === 'list' && block.children.every((item) => ctx.claimed.has(item))) ctx.claimed.add(block)
  }
  return drafts
}

/** The paragraphs of a block where a note may stand: itself, in list items, in quotes (callouts), in document order. */
function* paragraphsIn(block: RootContent, item?: ListItem): Generator<{paragraph: Paragraph; item?: ListItem}> {
  if (block.type === 'paragraph') yield {paragraph: block, item}
  else if (block.type === 'list') for (const child of block.children) for (const inner of child.children) yield* paragraphsIn(inner, child)
  else if (block.type === 'blockquote') for (const child of block.children as BlockContent[]) yield* paragraphsIn(child)
}

