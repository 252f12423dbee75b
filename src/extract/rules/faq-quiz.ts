import type {List, ListItem, Paragraph, PhrasingContent, RootContent} from 'mdast'
import {cleanAnswer, isAnswerLabel, isAnswerReveal} from '../answer.js'
import {append, contextAt, isTaken, placeOf, skipped, type Draft, type ExtractContext} from '../context.js'
import {detailsRanges, type DetailsRange} from '../html.js'
import {asParagraph, joinLines, phrasingText, splitLines} from '../phrasing.js'
import {isChoiceList} from '../questions.js'

/*
 * Quizzes and exercises whose answer is somewhere else than right below
 * the question:
 *
 * - `faq-item-reveal`: a list item holding its question, maybe choices or
 *   code, then a reveal `<details>` (`Answer`, `Show answer`, `Solución`,
 *   `show`): `1. Which…?⏎   - A. …⏎   <details>…`;
 * - `faq-reveal`: a block that asks (a one-item list; a paragraph when its
 *   section holds several reveals, or when it has a `?` and no heading is
 *   above it to ask instead), maybe code or choices, then the reveal;
 * - `faq-paired`: a list of questions, then a list of as many answers;
 * - `faq-component`: an MDC `::exercise` with its `#answer` slot.
 *
 * What stands between a question and its reveal (choices, code) is shown
 * on the front; the choices never make cards of their own. A list of
 * questions with no answer anywhere is told so (`faq-unanswered`).
 */

/**
 * The quizzes and exercises of a document, in one pass over its blocks
 * before the other questions (`faq-blocks.ts`): the blocks they use are
 * claimed.
 */
export function extractQuizzes(ctx: ExtractContext): Draft[] {
  const children = ctx.tree.children
  const drafts: Draft[] = []
  const details = new Map(ctx.outline.details.map((range) => [range.start, range]))
  for (let index = 0; index < children.length; index++) {
    if (isTaken(ctx, index)) continue
    const node = children[index]
    const range = details.get(index)
    if (range) {
      // A `<details>` is read by `faq-blocks.ts` (a question) or by the block before it (a reveal).
      index = range.end
      continue
    }
    if (node.type === 'list') {
      const quiz = revealList(ctx, node, index) ?? unansweredList(ctx, node, index)
      if (quiz) {
        append(drafts, quiz)
        continue
      }
    }
    const found = node.type === 'paragraph' ? (componentCard(ctx, index) ?? revealAfter(ctx, index, details)) : node.type === 'list' ? revealAfter(ctx, index, details) : undefined
    if (found) {
      if (found.draft) drafts.push(found.draft)
      index = found.end
    }
  }
  return drafts
}

/** Blocks that may stand between a question and its reveal: what the question shows. */
function isShownBlock(node: RootContent): boolean {
  return node.type === 'code' || node.type === 'list' || node.type === 'math' || node.type === 'table' || (node.type === 'paragraph' && isImageOnly(node))
}

function isImageOnly(paragraph: Paragraph): boolean {
  return paragraph.children.every((child) => child.type === 'image' || child.type === 'imageReference' || (child.type === 'text' && !child.value.trim()) || child.type === 'break')
}

/** Raw HTML that only wraps or spaces (`<p>`, `<br>`). */
function isSpacing(node: RootContent): boolean {
  return node.type === 'html' && /^(?:\s|<\/?(?:p|br|div)\b[^>]*>|<!--[\s\S]*?-->)*$/i.test(node.value)
}

/** `faq-item-reveal`: the item's question, what it shows, and its reveal. */
function itemReveal(item: ListItem): {question: PhrasingContent[]; body: RootContent[]; answer: RootContent[]} | undefined {
  const [first, ...rest] = item.children
  if (first?.type !== 'paragraph') return undefined
  const ranges = detailsRanges(rest)
  const range = ranges.find((candidate) => isAnswerReveal(candidate))
  if (!range) return undefined
  const body = rest.slice(0, range.start).filter((node) => !isSpacing(node))
  if (!body.every((node) => isShownBlock(node))) return undefined
  return {question: first.children, body, answer: [...range.body, ...rest.slice(range.end + 1)]}
}

/** Cards of a list whose items hold their own reveal (a practice exam); undefined when none does. */
function revealList(ctx: ExtractContext, list: List, index: number): Draft[] | undefined {
  const asked = list.children.map((item) => itemReveal(item))
  if (!asked.some(Boolean)) return undefined
  ctx.claimed.add(list)
  const drafts: Draft[] = []
  for (const [position, item] of list.children.entries()) {
    const quiz = asked[position]
    if (!quiz) {
      skipped(ctx, item, 'faq-no-answer', 'Item of a quiz list has no answer `<details>`: not a card')
      continue
    }
    const answer = cleanAnswer(quiz.answer)
    if (answer.length === 0) {
      ctx.file.message('Question has no answer below it', {place: item.position, ruleId: 'faq-no-answer', source: 'studydeck'})
      continue
    }
    drafts.push({kind: 'faq', rule: 'faq-item-reveal', parts: [quiz.question], ...(quiz.body.length > 0 ? {body: quiz.body} : {}), answer, context: contextAt(ctx, index), place: placeOf(item)})
  }
  return drafts
}

/**
 * `faq-reveal`: the block at `index` asks and a reveal follows it (after
 * the blocks it shows). Returns the card (none when the reveal is empty)
 * and the last index it uses.
 */
function revealAfter(ctx: ExtractContext, index: number, details: Map<number, DetailsRange>): {draft?: Draft; end: number} | undefined {
  const children = ctx.tree.children
  const node = children[index]
  if (node.type !== 'paragraph' && node.type !== 'list') return undefined
  let at = index + 1
  const body: RootContent[] = []
  for (; at < children.length; at++) {
    if (ctx.outline.ignored.has(at) || isSpacing(children[at])) continue
    if (details.has(at) || !isShownBlock(children[at])) break
    body.push(children[at])
  }
  const range = details.get(at)
  if (!range || isTaken(ctx, at) || !isAnswerReveal(range)) return undefined

  let question: PhrasingContent[]
  let shown: RootContent[]
  if (node.type === 'list') {
    // A one-item list: the item is the question (`1. What…?`, its choices nested).
    if (node.children.length !== 1) return undefined
    const [first, ...rest] = node.children[0].children
    if (first?.type !== 'paragraph') return undefined
    question = first.children
    shown = [...rest, ...body]
  } else {
    // Under a heading with one reveal, the heading asks (`faq-answer-label`) and the paragraph is shown with it.
    const alone = ctx.outline.paths[index].length === 0 && phrasingText(node.children).includes('?')
    if (!alone && !severalReveals(ctx, index, details)) return undefined
    question = node.children
    shown = body
  }
  const answer = cleanAnswer(range.body)
  for (let claimed = index; claimed <= range.end; claimed++) ctx.claimed.add(children[claimed])
  if (answer.length === 0) {
    ctx.file.message('Question has no answer below it', {place: node.position, ruleId: 'faq-no-answer', source: 'studydeck'})
    return {end: range.end}
  }
  return {
    draft: {kind: 'faq', rule: 'faq-reveal', parts: [question], ...(shown.length > 0 ? {body: shown} : {}), answer, context: contextAt(ctx, index), place: placeOf(node)},
    end: range.end
  }
}

/** Whether the section of the block at `index` holds two or more answer reveals (a quiz of paragraphs). */
function severalReveals(ctx: ExtractContext, index: number, details: Map<number, DetailsRange>): boolean {
  const path = ctx.outline.paths[index]
  let count = 0
  for (const range of details.values()) {
    if (ctx.outline.paths[range.start] === path && isAnswerReveal(range)) count++
    if (count >= 2) return true
  }
  return false
}

/** Words a question to practise opens with when it has no `?` (`Explain event delegation.`). */
const promptWords = /^(?:explain|describe|discuss|compare|contrast|define|summari[sz]e)\b/i

/** An item that only asks: its first paragraph asks, and anything nested is more questions or its choices. */
function isAskingItem(item: ListItem): boolean {
  const [first, ...rest] = item.children
  if (first?.type !== 'paragraph') return false
  // One line: a question with its answer on the next line (`1. **Why?**⏎   Because…`) is answered.
  if (splitLines(first.children).length !== 1) return false
  const text = phrasingText(first.children)
  // `Explain X.` asks; `Define: to state what a word means` is a term.
  if (!/\?["'\u201D\u2019)\]*_]*$/.test(text) && !(promptWords.test(text) && !text.includes(':'))) return false
  return rest.every((node) => node.type === 'list' && (isChoiceList(node) || node.children.every((inner) => isAskingItem(inner))))
}

/**
 * A list of two or more questions with no answer in it: `faq-paired` when
 * the next list (after an answer label: `### Solution`, `**Answers:**`, or
 * only fences and comments) has as many items, the i-th answering the i-th
 * question; else each question is told `faq-unanswered` (a list of questions
 * to practise has nothing to recall). Undefined for any other list.
 */
function unansweredList(ctx: ExtractContext, list: List, index: number): Draft[] | undefined {
  if (list.children.length < 2 || !list.children.every((item) => isAskingItem(item))) return undefined
  const children = ctx.tree.children
  let at = index + 1
  let labelled = false
  for (; at < children.length; at++) {
    const node = children[at]
    if (ctx.outline.ignored.has(at) || isSpacing(node)) continue
    if (!labelled && (node.type === 'heading' || node.type === 'paragraph') && isAnswerLabel(phrasingText(node.children))) {
      labelled = true
      continue
    }
    break
  }
  const answers = children[at]
  ctx.claimed.add(list)
  if (answers?.type === 'list' && !isTaken(ctx, at) && answers.children.length === list.children.length && (labelled || answers.ordered === true) && !answers.children.every((item) => isAskingItem(item))) {
    ctx.claimed.add(answers)
    return list.children.map((item, position) => ({
      kind: 'faq',
      rule: 'faq-paired',
      parts: [(item.children[0] as Paragraph).children],
      answer: answers.children[position].children,
      context: contextAt(ctx, index),
      place: placeOf(item)
    }))
  }
  for (const item of list.children) skipped(ctx, item, 'faq-unanswered', 'Question has no answer in the document (a list of questions to practise): nothing to recall')
  return []
}

/** An MDC (Nuxt Content) block component that asks: `::exercise`, `::quiz`, `::question`. */
const askingComponent = /^::(exercise|exercises|question|quiz|problem|challenge|flashcard|card|faq)(?:\{[^}]*\})?\s*$/i
/** Its slot that answers: `#answer`, `#solution`, `#back`. */
const answerSlot = /^#(answer|answers|solution|back|reveal)\s*$/i
const anySlot = /^#[\w-]+\s*$/

/**
 * `faq-component`: an MDC block component that asks (`::exercise`), its
 * content the question and its `#answer` slot the answer, up to the closing
 * `::`. Blank lines may split it over several blocks.
 */
function componentCard(ctx: ExtractContext, index: number): {draft?: Draft; end: number} | undefined {
  const children = ctx.tree.children
  const open = children[index]
  if (open.type !== 'paragraph') return undefined
  const [first, ...after] = splitLines(open.children)
  if (!first || !askingComponent.test(phrasingText(first))) return undefined

  const question: RootContent[] = []
  const answer: RootContent[] = []
  let target: RootContent[] | undefined = question
  let end = index
  let closed = false
  const take = (lines: PhrasingContent[][]) => {
    let run: PhrasingContent[][] = []
    const flush = () => {
      if (run.length > 0 && target) target.push(asParagraph(joinLines(run)))
      run = []
    }
    for (const line of lines) {
      const text = phrasingText(line)
      if (text === '::') {
        flush()
        closed = true
        return
      }
      if (anySlot.test(text)) {
        flush()
        target = answerSlot.test(text) ? answer : undefined
        continue
      }
      run.push(line)
    }
    flush()
  }
  take(after)
  while (!closed && end + 1 < children.length) {
    const node = children[++end]
    // An unclosed component ends at the next heading.
    if (node.type === 'heading') {
      end--
      break
    }
    if (node.type === 'paragraph') take(splitLines(node.children))
    else target?.push(node)
  }
  for (let claimed = index; claimed <= end; claimed++) ctx.claimed.add(children[claimed])
  const cleaned = cleanAnswer(answer)
  if (question.length === 0 || cleaned.length === 0) {
    ctx.file.message('`' + phrasingText(first) + '` has no `#answer`: not a card', {place: open.position, ruleId: 'faq-no-answer', source: 'studydeck'})
    return {end}
  }
  const [prompt, ...shown] = question
  const parts = prompt.type === 'paragraph' ? [prompt.children] : undefined
  if (!parts) return {end}
  return {draft: {kind: 'faq', rule: 'faq-component', parts, ...(shown.length > 0 ? {body: shown} : {}), answer: cleaned, context: contextAt(ctx, index), place: placeOf(open)}, end}
}
