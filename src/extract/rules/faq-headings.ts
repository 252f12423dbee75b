import type {RootContent} from 'mdast'
import {normalizeQuestion} from '../../shared/text.js'
import {cleanAnswer, isAnswerLabel, splitAtAnswerLabel} from '../answer.js'
import {contextAt, isTaken, placeOf, skipped, type Draft, type ExtractContext} from '../context.js'
import {htmlText} from '../html.js'
import {headingGroups, sectionEnd, type HeadingInfo} from '../outline.js'
import {phrasingText} from '../phrasing.js'
import {endsWithQuestionMark, isFaqSectionName} from '../questions.js'

/**
 * FAQ cards from headings: F1 (a heading that asks), F2 (every sub-heading
 * of an FAQ section, or of a document titled FAQ) and a heading whose section
 * opens with an answer label (`#### Answer`, `<summary>View answer</summary>`).
 * The answer runs to the next heading of the same or higher rank, leaving out
 * sub-questions, which become cards of their own.
 */
export function extractFaqHeadings(ctx: ExtractContext): Draft[] {
  const {outline, tree} = ctx
  const children = tree.children
  const questions = new Map<number, {heading: HeadingInfo; rule: string}>()
  const titleQuestion = leadingQuestion(outline.title)
  const usable = (heading: HeadingInfo) => heading.index !== outline.titleIndex && !outline.ignored.has(heading.index)

  // F2: an FAQ section, or a whole document titled FAQ.
  const sections: Array<{from: number; to: number}> = []
  if (isFaqSectionName(outline.title)) sections.push({from: outline.titleIndex ?? -1, to: children.length})
  for (const heading of outline.headings) {
    if (usable(heading) && isFaqSectionName(heading.text)) sections.push({from: heading.index, to: sectionEnd(children, outline.headings, heading.index)})
  }
  for (const {from, to} of sections) {
    addSectionQuestions(outline.headings.filter((heading) => heading.index > from && heading.index < to && usable(heading)))
  }

  for (const heading of outline.headings) {
    if (!usable(heading) || questions.has(heading.index)) continue
    if (endsWithQuestionMark.test(heading.text)) {
      // SEO articles repeat their title's question in section titles ("Key
      // Takeaways: X?"): such a heading names a section, it does not ask.
      if (titleQuestion && normalizeQuestion(heading.text).includes(titleQuestion)) {
        skipped(ctx, heading.node, 'faq-title-echo', 'Heading repeats the title’s question; a section title, not a question')
        continue
      }
      questions.set(heading.index, {heading, rule: 'faq-heading'})
    } else if (!isAnswerLabel(heading.text) && opensWithAnswerLabel(ctx, heading)) {
      questions.set(heading.index, {heading, rule: 'faq-answer-label'})
    }
  }

  const drafts: Draft[] = []
  for (const {heading, rule} of [...questions.values()].sort((a, b) => a.heading.index - b.heading.index)) {
    const blocks: RootContent[] = []
    let holdsQuestions = false
    const end = sectionEnd(children, outline.headings, heading.index)
    for (let index = heading.index + 1; index < end; index++) {
      if (questions.has(index)) {
        index = sectionEnd(children, outline.headings, index) - 1
        continue
      }
      if (ctx.claimed.has(children[index])) holdsQuestions = true
      if (!isTaken(ctx, index)) blocks.push(children[index])
    }
    for (const block of blocks) ctx.answers.add(block)
    const {body, answer: answerBlocks} = splitAtAnswerLabel(blocks)
    // The code and choices a quiz asks about are the question's, not cards of their own.
    for (const block of body) ctx.claimed.add(block)
    const answer = cleanAnswer(answerBlocks)
    if (answer.length === 0 && rule === 'faq-section' && holdsQuestions) {
      skipped(ctx, heading.node, 'faq-section-group', 'Heading groups questions of an FAQ section; not a question itself')
      continue
    }
    if (answer.length === 0) {
      ctx.file.message('Question has no answer below it', {place: heading.node.position, ruleId: 'faq-no-answer', source: 'studydeck'})
      continue
    }
    drafts.push({
      kind: 'faq',
      rule,
      parts: [heading.node.children],
      ...(body.length > 0 ? {body} : {}),
      answer,
      context: contextAt(ctx, heading.index),
      place: placeOf(heading.node)
    })
  }
  return drafts

  /**
   * Sub-headings of an FAQ section are questions; one that does not ask but
   * holds questions below it (`### General`) groups them.
   */
  function addSectionQuestions(headings: HeadingInfo[]) {
    for (const {heading, below} of headingGroups(headings)) {
      if (!endsWithQuestionMark.test(heading.text) && below.some((other) => endsWithQuestionMark.test(other.text))) {
        skipped(ctx, heading.node, 'faq-section-group', 'Heading groups questions of an FAQ section; not a question itself')
        addSectionQuestions(below)
        continue
      }
      questions.set(heading.index, {heading, rule: 'faq-section'})
    }
  }
}

/**
 * The heading's own content (up to its first sub-heading) holds exactly one
 * answer label: `#### Answer` opening content, or a `<details>` whose summary
 * is `Answer`/`View answer`/`Solution` — a quiz question written as a title
 * (`### Generate an array…`, `###### 14. All objects have prototypes.`).
 */
function opensWithAnswerLabel(ctx: ExtractContext, heading: HeadingInfo): boolean {
  const children = ctx.tree.children
  let labels = 0
  for (let index = heading.index + 1; index < children.length; index++) {
    const node = children[index]
    if (isTaken(ctx, index)) continue
    if (node.type === 'heading' && !insideDetails(index)) {
      // `#### Answer` right below counts, and ends the search; any other heading ends it too.
      if (node.depth > heading.depth && isAnswerLabel(phrasingText(node.children)) && hasContent(node.depth, index + 1)) labels++
      break
    }
    const range = ctx.outline.details.find((candidate) => candidate.start === index)
    if (range && isAnswerLabel(htmlText(range.summary ?? ''))) labels++
  }
  return labels === 1

  function insideDetails(index: number): boolean {
    return ctx.outline.details.some((range) => index > range.start && index <= range.end)
  }

  // `#### Answer` must open a `<details>` or content, not be an empty label.
  function hasContent(depth: number, after: number): boolean {
    const node = children[after]
    return node !== undefined && !(node.type === 'heading' && node.depth <= depth)
  }
}

/** The question a title opens with (`Ketamine Is Used For What? | …`), normalized. */
function leadingQuestion(title: string): string | undefined {
  const mark = title.indexOf('?')
  if (mark === -1) return undefined
  const question = normalizeQuestion(title.slice(0, mark + 1))
  return question.length > 0 ? question : undefined
}
