import type {RootContent} from 'mdast'
import {normalizeQuestion} from '../text.js'
import {contextAt, placeOf, skipped, type Draft, type ExtractContext} from './context.js'
import {sectionEnd, type HeadingInfo} from './outline.js'

/** F2: a section whose sub-headings are all questions. */
const faqSectionName = /^(?:faqs?|frequently[\s-]asked[\s-]questions|q\s*(?:&|and)\s*a|questions(?:\s*(?:&|and)\s*answers)?|common\s+questions)$/i

/** Ends with a question mark, maybe inside closing quotes or brackets. */
const endsWithQuestionMark = /\?["'\u201D\u2019)\]]*$/

/**
 * FAQ cards from headings: F1 (a heading that asks) and F2 (every sub-heading
 * of an FAQ section). The answer runs to the next heading of the same or
 * higher rank, leaving out sub-questions, which become cards of their own.
 */
export function extractFaqHeadings(ctx: ExtractContext): Draft[] {
  const {outline, tree} = ctx
  const children = tree.children
  const questions = new Map<number, {heading: HeadingInfo; rule: string}>()
  const titleQuestion = leadingQuestion(outline.title)

  for (const heading of outline.headings) {
    if (heading.index === outline.titleIndex || outline.ignored.has(heading.index)) continue
    if (faqSectionName.test(heading.text.replace(/[\s:.!?]+$/, ''))) {
      const end = sectionEnd(children, heading.index)
      const inner = outline.headings.filter((h) => h.index > heading.index && h.index < end)
      const depth = Math.min(...inner.map((h) => h.depth))
      for (const h of inner) {
        if (h.depth === depth && !outline.ignored.has(h.index)) questions.set(h.index, {heading: h, rule: 'faq-section'})
      }
    }
  }

  for (const heading of outline.headings) {
    if (heading.index === outline.titleIndex || outline.ignored.has(heading.index)) continue
    if (questions.has(heading.index) || !endsWithQuestionMark.test(heading.text)) continue
    // SEO articles repeat their title's question in section titles ("Key
    // Takeaways: X?"): such a heading names a section, it does not ask.
    if (titleQuestion && normalizeQuestion(heading.text).includes(titleQuestion)) {
      skipped(ctx, heading.node, 'faq-title-echo', 'Heading repeats the title’s question; a section title, not a question')
      continue
    }
    questions.set(heading.index, {heading, rule: 'faq-heading'})
  }

  const drafts: Draft[] = []
  for (const {heading, rule} of [...questions.values()].sort((a, b) => a.heading.index - b.heading.index)) {
    const answer: RootContent[] = []
    const end = sectionEnd(children, heading.index)
    for (let index = heading.index + 1; index < end; index++) {
      if (questions.has(index)) {
        index = sectionEnd(children, index) - 1
        continue
      }
      if (!outline.ignored.has(index)) answer.push(children[index])
    }
    if (answer.length === 0) {
      ctx.file.message('Question has no answer below it', {place: heading.node.position, ruleId: 'faq-no-answer', source: 'studydeck'})
      continue
    }
    for (const block of answer) ctx.answers.add(block)
    drafts.push({
      kind: 'faq',
      rule,
      parts: [heading.node.children],
      answer,
      context: contextAt(ctx, heading.index),
      place: placeOf(heading.node)
    })
  }
  return drafts
}

/** The question a title opens with (`Ketamine Is Used For What? | …`), normalized. */
function leadingQuestion(title: string): string | undefined {
  const mark = title.indexOf('?')
  if (mark === -1) return undefined
  const question = normalizeQuestion(title.slice(0, mark + 1))
  return question.length > 0 ? question : undefined
}
