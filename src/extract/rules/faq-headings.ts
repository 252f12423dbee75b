import type {RootContent} from 'mdast'
import {normalizeQuestion} from '../../shared/text.js'
import {cleanAnswer, isAnswerLabel, isAnswerReveal, isLinkBlock, splitAtAnswerLabel} from '../answer.js'
import {contextAt, isTaken, placeOf, skipped, type Draft, type ExtractContext} from '../context.js'
import {htmlText, opensDetails} from '../html.js'
import {headingGroups, sectionEnd, type HeadingInfo} from '../outline.js'
import {phrasingText} from '../phrasing.js'
import {headingParents, problemRule, recipeHeadings} from '../problems.js'
import {endsWithQuestionMark, isFaqSectionName} from '../questions.js'

interface Question {
  heading: HeadingInfo
  rule: string
  /** Taken for its place (among recipes, under a need), not for its words: without an answer it is only skipped. */
  inferred?: boolean
}

/**
 * FAQ cards from headings: F1 (a heading that asks), F2 (every sub-heading
 * of an FAQ section, or of a document titled FAQ), a heading whose section
 * opens with an answer label (`#### Answer`, `<summary>View answer</summary>`),
 * headings that ask without `?` (`../problems.ts`: needs, why, how to, and the
 * recipes among them). The answer runs to the next heading of the same or
 * higher rank, leaving out sub-questions, which become cards of their own.
 */
export function extractFaqHeadings(ctx: ExtractContext): Draft[] {
  const {outline, tree} = ctx
  const children = tree.children
  const questions = new Map<number, Question>()
  const titleQuestion = leadingQuestion(outline.title)
  const usable = (heading: HeadingInfo) => heading.index !== outline.titleIndex && !outline.ignored.has(heading.index)
  const headings = outline.headings.filter(usable)
  const ownEnd = ownContentEnds(ctx)

  // F2: an FAQ section, or a whole document titled FAQ.
  const sections: Array<{from: number; to: number}> = []
  if (isFaqSectionName(outline.title)) sections.push({from: outline.titleIndex ?? -1, to: children.length})
  for (const heading of headings) {
    if (isFaqSectionName(heading.text)) sections.push({from: heading.index, to: sectionEnd(children, outline.headings, heading.index)})
  }
  for (const {from, to} of sections) {
    addSectionQuestions(headings.filter((heading) => heading.index > from && heading.index < to))
  }

  for (const heading of headings) {
    if (questions.has(heading.index)) continue
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
    } else {
      const rule = problemRule(heading.text)
      if (rule) questions.set(heading.index, {heading, rule})
    }
  }

  // Recipes: among siblings that mostly ask, every heading asks; below a need or a recipe, so do its sub-headings.
  // Questions with `?` do not make recipes: lecture notes ask `What is a cell?` among their topics.
  const states = (heading: HeadingInfo) => {
    const rule = questions.get(heading.index)?.rule
    return rule === 'faq-need' || rule === 'faq-why' || rule === 'faq-how-to'
  }
  const recipes = recipeHeadings(headings, states)
  const parents = headingParents(headings)
  const recipeLike = new Set<HeadingInfo>()
  for (const heading of headings) {
    const parent = parents.get(heading)
    const asked = questions.get(heading.index)
    if (recipes.has(heading) || (parent && recipeLike.has(parent))) {
      recipeLike.add(heading)
      if (!asked) questions.set(heading.index, {heading, rule: 'faq-recipe', inferred: true})
    } else if (asked?.rule === 'faq-need') {
      recipeLike.add(heading)
    }
  }

  const drafts: Draft[] = []
  for (const {heading, rule, inferred} of [...questions.values()].sort((a, b) => a.heading.index - b.heading.index)) {
    const blocks: RootContent[] = []
    let holdsQuestions = false
    const end = sectionEnd(children, outline.headings, heading.index)
    for (let index = heading.index + 1; index < end; index++) {
      if (questions.has(index)) {
        holdsQuestions = true
        index = sectionEnd(children, outline.headings, index) - 1
        continue
      }
      if (ctx.claimed.has(children[index])) holdsQuestions = true
      if (!isTaken(ctx, index)) blocks.push(children[index])
    }
    for (const block of blocks) ctx.answers.add(block)
    const {body, answer: answerBlocks} = splitAtAnswerLabel(blocks)
    const answer = cleanAnswer(answerBlocks)
    if (answer.length === 0 && holdsQuestions) {
      skipped(ctx, heading.node, 'faq-section-group', 'Heading groups questions; not a question itself')
      continue
    }
    if (answer.length === 0 && inferred) {
      skipped(ctx, heading.node, 'faq-no-answer', 'Heading among recipes has no content of its own: not a card')
      continue
    }
    if (answer.length === 0) {
      ctx.file.message('Question has no answer below it', {place: heading.node.position, ruleId: 'faq-no-answer', source: 'studydeck'})
      continue
    }
    if (answer.every((block) => isLinkBlock(block))) {
      skipped(ctx, heading.node, 'faq-links-only', 'Answer is only links (where to read more, a promotion): not a card')
      continue
    }
    // The code and choices a quiz asks about are the question's, not cards of their own.
    for (const block of body) ctx.claimed.add(block)
    // An answer that is one list (a quiz's `4) ReferenceError: …`) is that answer, not terms.
    if (answer.length === 1 && answer[0].type === 'list' && answerBlocks.includes(answer[0])) ctx.claimed.add(answer[0])
    drafts.push({
      kind: 'faq',
      rule,
      // Whether the answer hides in a reveal, for the document's convention (`../reveals.ts`).
      ...(inferred ? {} : {reveal: rule === 'faq-answer-label' || hidesAnswer(ctx, heading, ownEnd.get(heading)!)}),
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
      if (!endsWithQuestionMark.test(heading.text) && (below.some((other) => endsWithQuestionMark.test(other.text)) || asksInBlocks(ctx, heading, ownEnd.get(heading)!))) {
        skipped(ctx, heading.node, 'faq-section-group', 'Heading groups questions of an FAQ section; not a question itself')
        addSectionQuestions(below)
        continue
      }
      questions.set(heading.index, {heading, rule: 'faq-section'})
    }
  }
}

/**
 * Whether the heading's own content (up to the next heading) asks in its
 * blocks: questions found there (`<details>` that ask, bold, `Q:`), or a
 * list of `<details>`. An FAQ whose questions are blocks has headings that
 * group them (`## Core language`).
 */
function asksInBlocks(ctx: ExtractContext, heading: HeadingInfo, next: number): boolean {
  const children = ctx.tree.children
  for (let index = heading.index + 1; index < next; index++) {
    const node = children[index]
    if (ctx.claimed.has(node)) return true
    if (node.type === 'list' && node.children.some((item) => opensDetails(item.children[0]))) return true
  }
  return false
}

/** Whether the heading's own content (up to the next heading, at `next`) holds a reveal `<details>` of an answer. */
function hidesAnswer(ctx: ExtractContext, heading: HeadingInfo, next: number): boolean {
  return ctx.outline.details.some((range) => range.start > heading.index && range.start < next && isAnswerReveal(range))
}

/** Where each heading's own content ends: the index of the next heading, or the end. */
function ownContentEnds(ctx: ExtractContext): Map<HeadingInfo, number> {
  const ends = new Map<HeadingInfo, number>()
  const {headings} = ctx.outline
  for (const [position, heading] of headings.entries()) ends.set(heading, headings[position + 1]?.index ?? ctx.tree.children.length)
  return ends
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
