import type {PhrasingContent, RootContent} from 'mdast'
import {contextAt, isTaken, placeOf, skipped, type Draft, type ExtractContext} from '../context.js'
import {headingGroups, sectionEnd, type HeadingInfo} from '../outline.js'
import {isBlank, text} from '../phrasing.js'
import {plainBlocks} from '../plain-text.js'
import {endsWithQuestionMark} from '../questions.js'
import {isGlossaryName} from '../section-names.js'

/** A definition this long, with examples after it, is cut before its first code block. */
const maxDefinitionLength = 1500

/**
 * A term's definition: its section, or, when the section runs long, the
 * text before its first code example (`Examples include:` and a long list,
 * then a code block: the example is not the definition).
 */
function definitionOf(blocks: RootContent[]): RootContent[] {
  if (plainBlocks(blocks).length <= maxDefinitionLength) return blocks
  const kept: RootContent[] = []
  for (const block of blocks) {
    if (block.type === 'code' && kept.length > 0) break
    if (kept.length > 0 && plainBlocks([...kept, block]).length > maxDefinitionLength) break
    kept.push(block)
  }
  return kept
}

/**
 * L1 for headings: in a section named Glossary (or Terms, Definitions,
 * Vocabulary…), or a document so titled, every sub-heading is a term and
 * the content below it its definition (`Glossary › Term` → definition).
 */
export function extractGlossaryHeadings(ctx: ExtractContext): Draft[] {
  const {outline, tree} = ctx
  const children = tree.children
  const usable = (heading: HeadingInfo) => heading.index !== outline.titleIndex && !outline.ignored.has(heading.index)
  const sections: Array<{from: number; to: number; lead: PhrasingContent[]}> = []
  if (isGlossaryName(outline.title)) sections.push({from: outline.titleIndex ?? -1, to: children.length, lead: [text(outline.title)]})
  for (const heading of outline.headings) {
    if (usable(heading) && isGlossaryName(heading.text)) sections.push({from: heading.index, to: sectionEnd(children, outline.headings, heading.index), lead: heading.node.children})
  }

  const drafts: Draft[] = []
  for (const {from, to, lead} of sections) addTerms(outline.headings.filter((heading) => heading.index > from && heading.index < to && usable(heading)), lead)
  return drafts

  function addTerms(headings: HeadingInfo[], lead: PhrasingContent[]) {
    for (const {heading, below} of headingGroups(headings)) {
      // `## A`, `## B`: an alphabetical index groups the terms below it.
      if (/^\p{L}{1,2}$/u.test(heading.text)) {
        skipped(ctx, heading.node, 'list-glossary-letter', 'Letter heading of a glossary groups terms; not a term itself')
        addTerms(below, lead)
        continue
      }
      // Questions are F1's.
      if (endsWithQuestionMark.test(heading.text)) continue
      const answer: RootContent[] = []
      const end = sectionEnd(children, outline.headings, heading.index)
      for (let index = heading.index + 1; index < end; index++) if (!isTaken(ctx, index) && children[index].type !== 'html') answer.push(children[index])
      // A definition opens with words; a heading over lists or tables only groups them (their items are the terms).
      if (answer[0]?.type !== 'paragraph' || isBlank(answer)) {
        skipped(ctx, heading.node, 'list-glossary-group', 'Glossary heading without a definition paragraph: a group, not a term')
        continue
      }
      for (const block of answer) ctx.answers.add(block)
      drafts.push({kind: 'list', rule: 'list-glossary-heading', parts: [lead, heading.node.children], answer: definitionOf(answer), context: contextAt(ctx, heading.index), place: placeOf(heading.node)})
    }
  }
}
