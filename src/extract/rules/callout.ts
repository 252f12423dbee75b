import type {Blockquote, RootContent} from 'mdast'
import type {} from '../../parse/structure.js'
import {contextAt, isTaken, placeOf, skipped, type Draft, type ExtractContext} from '../context.js'
import {endsWithQuestionMark} from '../questions.js'
import {isBlank, phrasingText} from '../phrasing.js'

/** Callouts that state what their title names: a definition, a result and its statement. */
const statementTypes = new Set(['definition', 'def', 'defn', 'lemma', 'theorem', 'thm', 'proposition', 'prop', 'corollary', 'axiom', 'law', 'principle', 'property', 'claim', 'conjecture', 'notation', 'concept', 'term', 'formula'])

/** Callouts that are never cards by themselves: an example, a quotation, a task. */
const neverTypes = new Set(['example', 'examples', 'exercise', 'quote', 'cite', 'todo', 'bug'])

/** A remark in the first person (`I should prove this…`): the author's note to self, not a definition. */
const personal = /^(?:i|i'm|i’m|i've|i’ve|i'd|i’d|my|todo|tbd|fixme)\b/i

/**
 * Obsidian callouts as cards (`structure.ts` reads them). A callout whose
 * title asks (`> [!warning] What happens on two writes?`) is a question and
 * its body the answer (`faq-callout`); one whose title names a term and
 * whose body says what it is (`> [!definition] Bitonic sequence`, `> [!note]
 * Atomic operations`) is a term (`list-callout`): `[!definition]`,
 * `[!lemma]`, `[!theorem]`… always, other types when their title is a
 * name. `[!example]`, `[!quote]` and untitled callouts are not cards by
 * themselves. The callout's blocks are then the card's.
 */
export function extractCallouts(ctx: ExtractContext, kind: 'faq' | 'list'): Draft[] {
  const drafts: Draft[] = []
  for (const [index, node] of ctx.tree.children.entries()) {
    if (node.type !== 'blockquote' || isTaken(ctx, index)) continue
    const callout = node.data?.callout
    if (!callout) continue
    const title = phrasingText(callout.title)
    const body = bodyOf(node)
    const first = body[0]
    const opening = first?.type === 'paragraph' ? phrasingText(first.children) : ''
    const asks = callout.titled && endsWithQuestionMark.test(title)
    // Questions are the `faq` run's, everything else the `list` run's (which says what it leaves).
    if (asks !== (kind === 'faq')) continue
    if (!callout.titled || neverTypes.has(callout.type) || isBlank(body) || (!asks && personal.test(opening))) {
      skipped(ctx, node, 'callout-not-card', 'Callout `[!' + callout.type + ']`' + (callout.titled ? ' `' + title + '`' : '') + ' is not a card by itself (' + (!callout.titled ? 'no title' : neverTypes.has(callout.type) ? 'an example or quotation' : isBlank(body) ? 'nothing in it' : 'a remark') + '); its content is part of the notes')
      continue
    }
    if (!asks && !statementTypes.has(callout.type) && !isName(title)) {
      skipped(ctx, node, 'callout-not-card', 'Callout `[!' + callout.type + '] ' + title + '` has a title that is not a name: not a term card')
      continue
    }
    ctx.claimed.add(node)
    drafts.push({kind, rule: asks ? 'faq-callout' : 'list-callout', parts: [callout.title], answer: body, context: contextAt(ctx, index), place: placeOf(node)})
  }
  return drafts
}

/** The callout's blocks after its title. */
function bodyOf(node: Blockquote): RootContent[] {
  return node.children.slice(1)
}

/** A title that names something (`Atomic operations`), not a sentence. */
function isName(title: string): boolean {
  const words = title.split(/\s+/)
  return words.length <= 6 && title.length <= 60 && !/[.!;:]$/.test(title) && !/\b(?:is|are|was|were|can|will|should|must|does|do)\b/i.test(title)
}
