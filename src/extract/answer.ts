import type {RootContent} from 'mdast'
import {append} from './context.js'
import {detailsRanges, htmlText} from './html.js'
import {isOnlyAnchorLinks, phrasingText} from './phrasing.js'
import {isAnswerLabel, isRevealLabel} from './questions.js'

export {isAnswerLabel, isRevealLabel} from './questions.js'

/** Raw HTML that only wraps or spaces (`<p>`, `<br>`, `</details>`, comments, a reveal summary): no content of its own. */
function isMarkupOnly(value: string): boolean {
  return (
    value
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<summary[^>]*>([\s\S]*?)<\/summary\s*>/gi, (whole, inner: string) => (isRevealLabel(htmlText(inner)) ? '' : whole))
      .replace(/<\/?(?:p|br|div|span|hr|details)\b[^>]*>/gi, '')
      .trim() === ''
  )
}

/**
 * Quizzes ask about something shown below the question (code, options) and
 * hide the answer under a label (`#### Answer`, `<summary>Answer</summary>`):
 * what comes before the label belongs to the question.
 */
export function splitAtAnswerLabel(blocks: RootContent[]): {body: RootContent[]; answer: RootContent[]} {
  const ranges = detailsRanges(blocks)
  const at = blocks.findIndex(
    (block, index) =>
      (block.type === 'heading' && isAnswerLabel(phrasingText(block.children))) ||
      ranges.some((range) => range.start === index && isAnswerLabel(htmlText(range.summary ?? '')))
  )
  if (at <= 0) return {body: [], answer: blocks}
  const body = blocks.slice(0, at).filter((block) => !(block.type === 'html' && isMarkupOnly(block.value)))
  return {body, answer: blocks.slice(at)}
}

/**
 * The answer a student should see: the content of a reveal `<details>`
 * (`View answer`) unwrapped, a leading `Answer` label heading dropped, and no
 * navigation (`⬆ Back to top`), comments or spacing markup.
 */
export function cleanAnswer(blocks: RootContent[]): RootContent[] {
  const unwrapped: RootContent[] = []
  const ranges = detailsRanges(blocks)
  for (let index = 0; index < blocks.length; index++) {
    const range = ranges.find((candidate) => candidate.start === index)
    if (range && isRevealLabel(htmlText(range.summary ?? ''))) {
      append(unwrapped, range.body)
      index = range.end
      continue
    }
    unwrapped.push(blocks[index])
  }

  const kept = unwrapped.filter((block) => {
    if (block.type === 'html') return !isMarkupOnly(block.value)
    if (block.type === 'paragraph') return !isOnlyAnchorLinks(block.children)
    if (block.type === 'list') return !block.children.every((item) => item.children[0]?.type === 'paragraph' && isOnlyAnchorLinks(item.children[0].children))
    return true
  })
  while (kept[0] && (kept[0].type === 'thematicBreak' || (kept[0].type === 'heading' && isAnswerLabel(phrasingText(kept[0].children))))) kept.shift()
  while (kept.length > 0 && kept[kept.length - 1].type === 'thematicBreak') kept.pop()
  return kept
}
