import type {RootContent} from 'mdast'
import {append} from './context.js'
import {detailsRanges, htmlText} from './html.js'
import {isOnlyAnchorLinks, phrasingText} from './phrasing.js'

/**
 * A `<summary>` that only reveals what it holds (`View answer`, `Solution`,
 * `Click to expand`, `View contents`): a label, never a question.
 */
const revealLabel =
  /^(?:(?:click|tap)\s+(?:here\s+)?(?:to\s+)?)?(?:(?:view|show|see|reveal|toggle|expand|open|display|check)\s+(?:the\s+)?)?(?:answers?|solutions?|explanations?|hints?|spoilers?|details|more|results?|outputs?|code|contents|expand)$/

/** A label saying that an answer follows (`Answer`, `View answer`, `Solution`). */
const answerLabel = /^(?:(?:click|tap)\s+(?:here\s+)?(?:to\s+)?)?(?:(?:view|show|see|reveal|toggle|expand|open|display|check)\s+(?:the\s+)?)?(?:answers?|solutions?|explanations?)$/

/** Whether a summary only labels what it reveals (an empty one too). */
export function isRevealLabel(value: string): boolean {
  const plain = plainLabel(value)
  return plain === '' || revealLabel.test(plain)
}

/** Whether a summary or heading says that an answer follows. */
export function isAnswerLabel(value: string): boolean {
  return answerLabel.test(plainLabel(value))
}

function plainLabel(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

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
