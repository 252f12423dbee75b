import type {Blockquote, List, ListItem, Paragraph, PhrasingContent, RootContent} from 'mdast'
import type {} from '../../parse/structure.js'
import {cleanAnswer, isRevealLabel, splitAtAnswerLabel} from '../answer.js'
import {append, contextAt, isTaken, placeOf, skipped, type Draft, type ExtractContext} from '../context.js'
import {detailsRanges, htmlPhrasing, htmlText, type DetailsRange} from '../html.js'
import {asParagraph, isBlank, joinLines, phrasingText, splitLines, stripLabel, trimEnd, trimStart} from '../phrasing.js'
import {endsWithQuestionMark, isChoiceList, isFaqSectionName} from '../questions.js'

/** F4 labels: `Q:`, `Q1:`, `Question:`, `**Q:**` (a bare `Q` only when bold and followed by `:`). */
const questionLabel = /^(?:Q|Question)(?:\s*\d+)?\s*(?:[:.)]\s*|$)/
const answerLabel = /^(?:A|Answer|Ans)(?:\s*\d+)?\s*(?::\s*|$)/

interface ParagraphQuestion {
  rule: 'faq-bold' | 'faq-qa' | 'faq-list-item'
  question: PhrasingContent[]
  /** The answer when it is in the same paragraph (`**Q?**⏎answer`, `Q: …⏎A: …`). */
  answer: PhrasingContent[] | undefined
}

/**
 * FAQ cards found in the blocks themselves rather than in headings:
 * F3 a wholly bold paragraph that ends in `?` (`**What is a cell?**`), then
 * its answer blocks; F4 `Q:` / `A:` pairs (also bold, also in one paragraph);
 * F5 `<details><summary>question?</summary> answer </details>`; a list whose
 * every item is such a question, or a plain one with its answer in the item
 * (`faq-list-item`), and a one-item list answered after it; a blockquote
 * that asks (`faq-quote`). The blocks they use are claimed, so no
 * other rule reads them again.
 */
export function extractQuestionBlocks(ctx: ExtractContext): Draft[] {
  const children = ctx.tree.children
  const drafts: Draft[] = []
  const details = new Map(ctx.outline.details.map((range) => [range.start, range]))

  for (let index = 0; index < children.length; index++) {
    if (isTaken(ctx, index)) continue
    const node = children[index]
    const range = details.get(index)
    if (range) {
      if (isQuestionDetails(ctx, range)) {
        const draft = detailsCard(ctx, range)
        if (draft) drafts.push(draft)
        index = range.end
      }
      continue
    }
    if (node.type === 'list') {
      const single = singleQuestionItem(ctx, node, index, details)
      if (single) {
        if (single.draft) drafts.push(single.draft)
        index = single.end - 1
        continue
      }
      append(drafts, questionList(ctx, node, index))
      continue
    }
    if (node.type === 'blockquote') {
      const draft = quoteCard(ctx, node, index)
      if (draft) drafts.push(draft)
      continue
    }
    if (node.type !== 'paragraph') continue
    const question = paragraphQuestion(node)
    if (!question) continue

    const answer: RootContent[] = question.answer ? [asParagraph(question.answer)] : []
    let end = index + 1
    // `Q:` then `A:` in the next paragraph.
    if (question.rule === 'faq-qa' && !question.answer) {
      const next = children[end]
      const rest = next?.type === 'paragraph' && !isTaken(ctx, end) ? stripLabel(next.children, answerLabel) : undefined
      if (rest && next) {
        answer.push(asParagraph(rest))
        end++
      }
    }
    const following = followingBlocks(ctx, end, details)
    append(answer, following.blocks)
    end = following.end
    for (let claimed = index; claimed < end; claimed++) ctx.claimed.add(children[claimed])
    const {body, answer: answerBlocks} = question.answer ? {body: [], answer} : splitAtAnswerLabel(answer)
    const cleaned = cleanAnswer(answerBlocks)
    if (cleaned.length === 0) {
      ctx.file.message('Question has no answer below it', {place: node.position, ruleId: 'faq-no-answer', source: 'studydeck'})
    } else {
      drafts.push({kind: 'faq', rule: question.rule, parts: [question.question], ...(body.length > 0 ? {body} : {}), answer: cleaned, context: contextAt(ctx, index), place: placeOf(node)})
    }
    index = end - 1
  }
  return drafts
}

/** The blocks that follow a question from `from`, up to the next question, heading or rule; `end` is the index after them. */
function followingBlocks(ctx: ExtractContext, from: number, details: Map<number, DetailsRange>): {blocks: RootContent[]; end: number} {
  const children = ctx.tree.children
  const blocks: RootContent[] = []
  let end = from
  for (; end < children.length; end++) {
    const block = children[end]
    if (ctx.outline.ignored.has(end)) continue
    // A quiz or exercise found before (`faq-quiz.ts`) is no part of this answer.
    if (ctx.claimed.has(block) || block.type === 'heading' || block.type === 'thematicBreak') break
    if (block.type === 'paragraph' && paragraphQuestion(block)) break
    if (block.type === 'list' && isQuestionList(block)) break
    const inner = details.get(end)
    if (inner && isQuestionDetails(ctx, inner)) break
    if (inner) {
      for (let inside = end; inside <= inner.end; inside++) blocks.push(children[inside])
      end = inner.end
      continue
    }
    blocks.push(block)
  }
  return {blocks, end}
}

/** F3 or F4 at the start of a paragraph. */
function paragraphQuestion(paragraph: Paragraph): ParagraphQuestion | undefined {
  const lines = splitLines(paragraph.children)
  if (lines.length === 0) return undefined

  // F4: `Q: question` (maybe over several lines), then maybe `A: answer`.
  const asked = stripLabel(lines[0], questionLabel)
  if (asked) {
    const answerAt = lines.findIndex((line, index) => index > 0 && stripLabel(line, answerLabel) !== undefined)
    const questionLines = [asked, ...lines.slice(1, answerAt === -1 ? undefined : answerAt)]
    const question = joinLines(questionLines.filter((line) => line.length > 0))
    if (isBlank(question)) return undefined
    const answer = answerAt === -1 ? undefined : joinLines([stripLabel(lines[answerAt], answerLabel)!, ...lines.slice(answerAt + 1)].filter((line) => line.length > 0))
    return {rule: 'faq-qa', question: unwrapStrong(question), answer: answer && !isBlank(answer) ? answer : undefined}
  }

  // F3: `**A question?**`, alone or with its answer after it.
  const [lead, ...after] = lines[0]
  if (lead?.type !== 'strong' || !endsWithQuestionMark.test(phrasingText(lead.children))) return undefined
  const question = trimEnd(lead.children)
  const sameLine = after.length > 0 && !isBlank(after)
  // `**Why?** Because…` on one line is prose; a question of two words or more is a question.
  if (sameLine && phrasingText(question).split(/\s+/).length < 2) return undefined
  const rest = [...(sameLine ? [after] : []), ...lines.slice(1)]
  return {rule: 'faq-bold', question, answer: rest.length > 0 ? joinLines(rest) : undefined}
}

/** `**Q: What…?**` reads as `What…?` without the bold around it. */
function unwrapStrong(nodes: PhrasingContent[]): PhrasingContent[] {
  return nodes.length === 1 && nodes[0].type === 'strong' ? nodes[0].children : nodes
}

/**
 * A list whose every item opens with a question (`1. **What…?**⏎answer`,
 * `- Q: …⏎A: …`, `- <details><summary>What…?</summary>…</details>`): one
 * card per item.
 */
function questionList(ctx: ExtractContext, list: List, index: number): Draft[] {
  if (!isQuestionList(list)) return []
  ctx.claimed.add(list)
  const drafts: Draft[] = []
  for (const item of list.children) {
    const draft = itemCard(ctx, item, index)
    if (draft) drafts.push(draft)
  }
  return drafts
}

function itemCard(ctx: ExtractContext, item: ListItem, index: number): Draft | undefined {
  const asked = itemQuestion(item)!
  let draft: Omit<Draft, 'answer'> & {answer: RootContent[]}
  if ('range' in asked) {
    const {range} = asked
    const open = item.children[0]
    if (!range.closed) {
      ctx.file.message('`<details>` is not closed: its answer runs to the end of the item', {place: open.position, ruleId: 'faq-details-unclosed', source: 'studydeck'})
    }
    const answer = [...range.body, ...item.children.slice(range.end + 1)]
    draft = {kind: 'faq', rule: 'faq-details', parts: [htmlPhrasing(range.summary ?? '', open.position)], answer, context: contextAt(ctx, index), place: placeOf(item)}
  } else {
    const {question} = asked
    const answer = [...(question.answer ? [asParagraph(question.answer)] : []), ...item.children.slice(1)]
    draft = {kind: 'faq', rule: question.rule, parts: [question.question], answer, context: contextAt(ctx, index), place: placeOf(item)}
  }
  const answer = cleanAnswer(draft.answer)
  if (answer.length === 0) {
    ctx.file.message('Question has no answer below it', {place: item.position, ruleId: 'faq-no-answer', source: 'studydeck'})
    return undefined
  }
  draft.answer = answer
  return draft
}

/**
 * A one-item list whose item only asks (`- **What is KMS?**`, the item
 * alone): its answer is what follows the list, as for a bold paragraph.
 */
function singleQuestionItem(ctx: ExtractContext, list: List, index: number, details: Map<number, DetailsRange>): {draft?: Draft; end: number} | undefined {
  const [item] = list.children
  if (list.children.length !== 1 || item.children.length !== 1) return undefined
  const asked = itemQuestion(item)
  if (!asked || 'range' in asked || asked.question.answer) return undefined
  const {blocks, end} = followingBlocks(ctx, index + 1, details)
  for (let claimed = index; claimed < end; claimed++) ctx.claimed.add(ctx.tree.children[claimed])
  const {body, answer} = splitAtAnswerLabel(blocks)
  const cleaned = cleanAnswer(answer)
  if (cleaned.length === 0) {
    ctx.file.message('Question has no answer below it', {place: item.position, ruleId: 'faq-no-answer', source: 'studydeck'})
    return {end}
  }
  const draft: Draft = {kind: 'faq', rule: asked.question.rule, parts: [asked.question.question], ...(body.length > 0 ? {body} : {}), answer: cleaned, context: contextAt(ctx, index), place: placeOf(item)}
  return {draft, end}
}

/** The question an item opens with: a question paragraph, or a `<details>` whose summary asks (ends in `?`). */
function itemQuestion(item: ListItem): {question: ParagraphQuestion} | {range: DetailsRange} | undefined {
  const first = item.children[0]
  if (first?.type === 'paragraph') {
    const question = paragraphQuestion(first) ?? plainItemQuestion(item, first)
    return question ? {question} : undefined
  }
  const [range] = first?.type === 'html' ? detailsRanges(item.children) : []
  if (range?.start !== 0) return undefined
  const summary = htmlText(range.summary ?? '')
  return endsWithQuestionMark.test(summary) && !isRevealLabel(summary) ? {range} : undefined
}

/**
 * `- What is osmosis?⏎  Water moving…`: an item whose first line asks
 * (ends in `?`) and whose answer follows in the item (the next lines, or
 * blocks that are not only choices or more questions). Only in a list whose
 * every item asks.
 */
function plainItemQuestion(item: ListItem, first: Paragraph): ParagraphQuestion | undefined {
  const [line, ...rest] = splitLines(first.children)
  if (!line || !endsWithQuestionMark.test(phrasingText(line))) return undefined
  const after = item.children.slice(1)
  const answered = rest.length > 0 || after.some((block) => !(block.type === 'list' && (isChoiceList(block) || block.children.every((inner) => inner.children[0]?.type === 'paragraph' && endsWithQuestionMark.test(phrasingText(inner.children[0].children))))))
  if (!answered) return undefined
  return {rule: 'faq-list-item', question: line, answer: rest.length > 0 ? joinLines(rest) : undefined}
}

function isQuestionList(list: List): boolean {
  return list.children.length > 0 && list.children.every((item) => itemQuestion(item) !== undefined)
}

/**
 * F5: a `<details>` asks when its summary ends in `?`, or when it stands in
 * an FAQ section. `View answer` and other reveal labels never ask.
 */
function isQuestionDetails(ctx: ExtractContext, range: DetailsRange): boolean {
  const summary = htmlText(range.summary ?? '')
  if (isRevealLabel(summary)) return false
  if (endsWithQuestionMark.test(summary)) return true
  const headings = [ctx.outline.title, ...ctx.outline.paths[range.start].map((heading) => heading.text)]
  return headings.some((heading) => isFaqSectionName(heading))
}

function detailsCard(ctx: ExtractContext, range: DetailsRange): Draft | undefined {
  const children = ctx.tree.children
  const open = children[range.start]
  for (let index = range.start; index <= range.end; index++) ctx.claimed.add(children[index])
  if (!range.closed) {
    ctx.file.message('`<details>` is not closed: its answer runs to the end of the document', {place: open.position, ruleId: 'faq-details-unclosed', source: 'studydeck'})
  }
  const question = htmlPhrasing(range.summary ?? '', open.position)
  const answer = cleanAnswer(range.body)
  if (answer.length === 0) {
    ctx.file.message('Question has no answer below it', {place: open.position, ruleId: 'faq-no-answer', source: 'studydeck'})
    return undefined
  }
  return {kind: 'faq', rule: 'faq-details', parts: [question], answer, context: contextAt(ctx, range.start), place: placeOf(open)}
}

/** Report `<details>` that only reveal something (`View answer`), for `check --verbose`; makes no card. */
export function reportRevealDetails(ctx: ExtractContext): Draft[] {
  for (const range of ctx.outline.details) {
    const open = ctx.tree.children[range.start]
    // Claimed by a question, or the reveal of an answer under a question heading.
    if (ctx.claimed.has(open) || ctx.answers.has(open) || ctx.outline.ignored.has(range.start)) continue
    const summary = htmlText(range.summary ?? '')
    skipped(ctx, open, 'faq-details-not-question', '`<details>` summary `' + (summary || 'Details') + '` does not ask (no `?`, not in an FAQ section): its content is read as ordinary blocks')
  }
  return []
}

/**
 * `faq-quote`: a blockquote whose first line asks (a bold line holding a
 * `?`, or a line ending in `?`), the rest of the quote its answer:
 * `> **What is a halide?**⏎> Halides are…`, `> 💡 What is a buffer?⏎> …`.
 * A callout (`> [!warning] …?`) is `callout.ts`'s.
 */
function quoteCard(ctx: ExtractContext, quote: Blockquote, index: number): Draft | undefined {
  const [first, ...rest] = quote.children
  if (quote.data?.callout || first?.type !== 'paragraph') return undefined
  const [line, ...after] = splitLines(first.children)
  if (!line) return undefined
  // A leading emoji or symbol (`💡 What is…?`) is decoration.
  const asked = trimStart(line, /^[^\p{L}\p{N}*_`$([{"'\u2018\u201C¿¡]+/u)
  const strong = asked.length === 1 && asked[0].type === 'strong' ? asked[0] : undefined
  const text = phrasingText(asked)
  if (!(strong ? text.includes('?') : endsWithQuestionMark.test(text))) return undefined
  const answer = cleanAnswer([...(after.length > 0 ? [asParagraph(joinLines(after))] : []), ...rest])
  if (answer.length === 0 || isBlank(answer)) {
    skipped(ctx, quote, 'faq-quote-no-answer', 'Quote asks but holds no answer: not a card')
    return undefined
  }
  ctx.claimed.add(quote)
  return {kind: 'faq', rule: 'faq-quote', parts: [strong ? trimEnd(strong.children) : asked], answer, context: contextAt(ctx, index), place: placeOf(quote)}
}
