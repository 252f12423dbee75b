import type {PhrasingContent, RootContent} from 'mdast'
import {contextAt, isTaken, placeOf, skipped, type Draft, type ExtractContext} from '../context.js'
import {headingGroups, sectionEnd, type HeadingInfo} from '../outline.js'
import {isBlank, text} from '../phrasing.js'
import {endsWithQuestionMark} from '../questions.js'

/** A section (or document) of terms, one heading each (GitBook's `GLOSSARY.md`). */
const glossaryName = /^(?:glossary|glossar|glossaire|glosario|terminology|terms|key terms|definitions|vocabulary|lexicon)$/i

function isGlossaryName(value: string): boolean {
  return glossaryName.test(value.replace(/[^\p{L}\p{N}\s]+/gu, ' ').replace(/\s+/g, ' ').trim())
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
      drafts.push({kind: 'list', rule: 'list-glossary-heading', parts: [lead, heading.node.children], answer, context: contextAt(ctx, heading.index), place: placeOf(heading.node)})
    }
  }
}
