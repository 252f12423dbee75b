import type {Paragraph, RootContent} from 'mdast'
import {clozesIn, holdsCloze} from '../parse/cloze-syntax.js'
import {contextAt, placeOf, skipped, type Draft, type ExtractContext} from './context.js'
import {clozeText} from './plain-text.js'

/** A paragraph's deletions as a note; undefined (and a message) when it would make no card worth having. */
export function clozeNote(ctx: ExtractContext, paragraph: Paragraph, index: number, answer: RootContent[] = [], rule?: string): Draft | undefined {
  const clozes = clozesIn(paragraph.children)
  if (clozes.length === 0) return undefined
  for (const cloze of clozes) {
    if (cloze.number === 0) skipped(ctx, cloze.position ? cloze : paragraph, 'cloze-c0', '`{{c0::…}}` makes no card in Anki: shown as its text')
  }
  if (!clozes.some((cloze) => cloze.number > 0)) return undefined
  if (!/[\p{L}\p{N}]/u.test(clozeText(paragraph.children, 'hidden').replace(/\[[^\]]*\]/g, ''))) {
    skipped(ctx, paragraph, 'cloze-nothing-else', 'Cloze deletes all of its text: it would ask nothing, no card')
    return undefined
  }
  if (clozes.some((cloze) => holdsCloze(cloze.children))) {
    ctx.file.message('Nested cloze deletions need Anki 2.1.56 or later: older versions show this note garbled', {
      place: paragraph.position,
      ruleId: 'cloze-nested',
      source: 'studydeck'
    })
  }
  const source = clozes.find((cloze) => cloze.number > 0)!.source
  return {kind: 'cloze', rule: rule ?? 'cloze-' + source, note: 'cloze', parts: [paragraph.children], answer, context: contextAt(ctx, index), place: placeOf(paragraph)}
}

