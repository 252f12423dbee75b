import type {Paragraph, PhrasingContent, RootContent} from 'mdast'
import {contextAt, isTaken, placeOf, skipped, type Draft, type ExtractContext} from '../context.js'
import {asParagraph, isBlank, phrasingText, splitLines, text, trimStart} from '../phrasing.js'
import {admonition, isTermLike, splitTermPhrasing} from '../terms.js'

/** Pandoc's span with an anchor around a term: `[absolute path]{#absolute-path}`. */
const anchoredSpan = /^\[([^\]]+)\]\{#[^}]*\}$/

/** A definition that only points elsewhere (`Refer to [shell](#shell)`, `See also …`): nothing to recall. */
const crossReference = /^(?:\(?\s*)(?:refer to|cf\.|see also|see first|for more,? see)\b/i

/**
 * Terms written as paragraphs: a definition list (`Term⏎: definition`, the
 * Markdown Extra and Pandoc form, also with a blank line between, a term in
 * `[term]{#id}` and a definition that goes on over lazy lines), and a run
 * of `**Term**: definition` paragraphs or lines (a glossary without bullets).
 */
export function extractDefinitionLists(ctx: ExtractContext): Draft[] {
  const children = ctx.tree.children
  const drafts: Draft[] = []
  const usable = (index: number) => {
    const node = children[index]
    return node?.type === 'paragraph' && !isTaken(ctx, index) && !ctx.consumed.has(node) ? node : undefined
  }
  const leadAt = (index: number) => {
    const path = ctx.outline.paths[index]
    return path.length > 0 ? path[path.length - 1].node.children : undefined
  }

  for (let index = 0; index < children.length; index++) {
    const node = usable(index)
    if (!node) continue

    const definition = definitionListTerm(node) ?? definitionListPair(node, usable(index + 1))
    if (definition) {
      if (!definition.inline) ctx.consumed.add(children[index + 1])
      ctx.consumed.add(node)
      const first = definition.definition[0]
      if (definition.definition.length === 1 && first.type === 'paragraph' && crossReference.test(phrasingText(first.children))) {
        skipped(ctx, node, 'list-cross-reference', 'Definition of `' + phrasingText(definition.term) + '` only refers elsewhere (`Refer to …`, `See also …`): nothing to recall')
      } else {
        const lead = leadAt(index)
        drafts.push({kind: 'list', rule: 'list-definition', parts: lead ? [lead, definition.term] : [definition.term], answer: definition.definition, context: contextAt(ctx, index), place: placeOf(node)})
      }
      if (!definition.inline) index++
      continue
    }

    // `**Objective function**:` over a formula.
    const label = boldTerms(node)
    const next = children[index + 1]
    if (label?.length === 1 && label[0].definition.length === 0 && next?.type === 'math' && !isTaken(ctx, index + 1)) {
      ctx.consumed.add(node)
      const lead = leadAt(index)
      drafts.push({kind: 'list', rule: 'list-term-paragraph', parts: lead ? [lead, label[0].term] : [label[0].term], answer: [next], context: contextAt(ctx, index), place: placeOf(node)})
      index++
      continue
    }

    // A run of bold-term paragraphs (or of lines in one paragraph, joined by hard breaks).
    let end = index
    let count = 0
    for (let terms = usable(end) && boldTerms(usable(end)!); terms && terms.every((term) => term.definition.length > 0); terms = usable(end) && boldTerms(usable(end)!)) {
      count += terms.length
      end++
    }
    if (count < 2) continue
    const lead = leadAt(index)
    for (let at = index; at < end; at++) {
      const paragraph = children[at] as Paragraph
      ctx.consumed.add(paragraph)
      for (const term of boldTerms(paragraph)!) {
        drafts.push({kind: 'list', rule: 'list-term-paragraph', parts: lead ? [lead, term.term] : [term.term], answer: [asParagraph(term.definition)], context: contextAt(ctx, at), place: placeOf(term.place)})
      }
    }
    index = end - 1
  }
  return drafts
}

/** Every line of the paragraph is `**Term**: definition` (not `**Note:** …`). */
function boldTerms(paragraph: Paragraph): Array<{term: PhrasingContent[]; definition: PhrasingContent[]; place: {position?: Paragraph['position']}}> | undefined {
  const lines = splitLines(paragraph.children)
  const terms = []
  for (const line of lines) {
    const lead = line[0]
    if (lead?.type !== 'strong' && lead?.type !== 'emphasis') return undefined
    const split = splitTermPhrasing(line)
    if (!split || (split.form !== 'separator' && split.form !== 'label') || admonition.test(phrasingText(split.term))) return undefined
    if (split.form === 'label' && lines.length > 1) return undefined
    terms.push({term: split.term, definition: isBlank(split.definition) ? [] : split.definition, place: lines.length > 1 ? lead : paragraph})
  }
  return terms.length > 0 ? terms : undefined
}

/** `[term]{#id}` is `term`. */
function termOf(line: PhrasingContent[]): PhrasingContent[] {
  const value = phrasingText(line)
  const span = anchoredSpan.exec(value)
  return span ? [text(span[1])] : line
}

/**
 * `Term⏎: definition` in one paragraph (`:` opens each definition; a line
 * without it goes on with the definition above, as Pandoc reads it).
 */
function definitionListTerm(paragraph: Paragraph) {
  const lines = splitLines(paragraph.children)
  if (lines.length < 2 || !isTermLike(phrasingText(termOf(lines[0])))) return undefined
  const definitions: PhrasingContent[][][] = []
  for (const line of lines.slice(1)) {
    const opens = line[0]?.type === 'text' && /^:\s+/.test(line[0].value)
    if (opens) definitions.push([trimStart(line, /^:\s+/)])
    else if (definitions.length > 0) definitions[definitions.length - 1].push(line)
    else return undefined
  }
  if (definitions.some((lines) => isBlank(lines[0]))) return undefined
  // Several `: …` lines are several definitions: one paragraph each.
  // Lazy lines go on with the sentence: joined by a space, as Markdown shows them.
  return {term: termOf(lines[0]), definition: definitions.map((lines) => asParagraph(lines.flatMap((line, index) => (index === 0 ? line : [text(' '), ...line])))) as RootContent[], inline: true}
}

/** `Term`, a blank line, then `: definition`. */
function definitionListPair(paragraph: Paragraph, next: Paragraph | undefined) {
  const lines = splitLines(paragraph.children)
  if (!next || lines.length !== 1 || !isTermLike(phrasingText(termOf(lines[0])))) return undefined
  const first = next.children[0]
  if (first?.type !== 'text' || !/^:\s+/.test(first.value)) return undefined
  const definition = trimStart(next.children, /^:\s+/)
  if (isBlank(definition)) return undefined
  return {term: termOf(lines[0]), definition: [asParagraph(definition)] as RootContent[], inline: false}
}
