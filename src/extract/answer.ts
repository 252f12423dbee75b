import type {PhrasingContent, RootContent} from 'mdast'
import {append} from './context.js'
import {detailsRanges, htmlText, type DetailsRange} from './html.js'
import {isOnlyAnchorLinks, isOnlyLinksOrImages, phrasingText} from './phrasing.js'
import {isAnswerLabel, isRevealLabel} from './questions.js'

export {isAnswerLabel, isRevealLabel} from './questions.js'

/** A reveal `<details>` that holds an answer (`Answer`, `Solución`, `show`). */
export function isAnswerReveal(range: DetailsRange): boolean {
  return isAnswerLabel(htmlText(range.summary ?? ''))
}

/** Raw HTML that only wraps or spaces (`<p>`, `<br>`, `</details>`, comments, a reveal summary, an empty `<a name>` anchor): no content of its own. */
function isMarkupOnly(value: string): boolean {
  return (
    value
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<a\b[^>]*>\s*<\/a\s*>/gi, '')
      .replace(/<summary[^>]*>([\s\S]*?)<\/summary\s*>/gi, (whole, inner: string) => (isRevealLabel(htmlText(inner)) ? '' : whole))
      .replace(/<\/?(?:p|br|div|span|hr|details)\b[^>]*>/gi, '')
      .trim() === ''
  )
}

/** A paragraph of inline markup alone (`<a name="x"></a>` above the next heading, `<br>`). */
function isMarkupParagraph(nodes: PhrasingContent[]): boolean {
  const anchor = /^<a\b(?![^>]*\bhref)[^>]*>$|^<\/a\s*>$/i
  return nodes.every((node) => (node.type === 'html' && (isMarkupOnly(node.value) || anchor.test(node.value.trim()))) || (node.type === 'text' && !node.value.trim()) || node.type === 'break')
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
    if (block.type === 'paragraph') return !isOnlyAnchorLinks(block.children) && !isMarkupParagraph(block.children)
    if (block.type === 'list') return !block.children.every((item) => item.children[0]?.type === 'paragraph' && isOnlyAnchorLinks(item.children[0].children))
    return true
  })
  while (kept[0] && (kept[0].type === 'thematicBreak' || (kept[0].type === 'heading' && isAnswerLabel(phrasingText(kept[0].children))))) kept.shift()
  while (kept.length > 0 && kept[kept.length - 1].type === 'thematicBreak') kept.pop()
  return withoutLinkSections(kept)
}

/** `##### Additional Links`, `References:`, `See also`: where to read more, not part of what to recall. */
const linkSectionName = /^(?:(?:additional|further|related|useful|external|more|other)\s+)?(?:links?|resources?|reading|references?|sources?)$|^(?:see\s+also|learn\s+more|read\s+more|ref(?:erence)?s?\s+links?)$/i

function linkSectionLabel(value: string): boolean {
  return linkSectionName.test(value.replace(/[\s:.]+$/, '').trim())
}

/**
 * Leave out a section of links at the end of an answer or inside it (a
 * heading or a label paragraph named like `Additional links`, then only
 * links, with or without a description): what to read more, not the answer.
 */
function withoutLinkSections(blocks: RootContent[]): RootContent[] {
  const result: RootContent[] = []
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index]
    if (block.type === 'paragraph') {
      // `Ref Link: [url](url)` in one paragraph.
      const [first, ...rest] = block.children
      if (first?.type === 'text' && /:\s*$/.test(first.value) && linkSectionLabel(first.value) && rest.length > 0 && isOnlyLinksOrImages(rest)) continue
    }
    const label = block.type === 'heading' || block.type === 'paragraph' ? phrasingText(block.children) : undefined
    if (label !== undefined && linkSectionLabel(label)) {
      let end = index + 1
      while (end < blocks.length) {
        const next = blocks[end]
        if (next.type === 'heading' && (block.type !== 'heading' || next.depth <= block.depth)) break
        if (block.type === 'paragraph' && !isLinkBlock(next)) break
        end++
      }
      const under = blocks.slice(index + 1, end)
      if (under.length > 0 && under.every((node) => isLinkBlock(node))) {
        index = end - 1
        continue
      }
    }
    result.push(block)
  }
  return result
}

/**
 * A paragraph of only links, or a list whose every item opens with a link
 * (`[MDN](…) - what it says`). An image is content (a diagram), not a link.
 */
export function isLinkBlock(node: RootContent): boolean {
  if (node.type === 'paragraph') return isOnlyLinksOrImages(node.children) && !node.children.some((child) => child.type === 'image' || child.type === 'imageReference')
  if (node.type !== 'list') return false
  return node.children.every((item) => {
    const first = item.children[0]
    if (first?.type !== 'paragraph') return false
    const lead = first.children.find((child) => !(child.type === 'text' && !child.value.trim()))
    return lead?.type === 'link' || lead?.type === 'linkReference' || ((lead?.type === 'strong' || lead?.type === 'emphasis') && isOnlyLinksOrImages(lead.children))
  })
}
