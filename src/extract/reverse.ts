import type {RootContent} from 'mdast'
import type {Draft, ExtractContext} from './context.js'
import {sectionEnd} from './outline.js'

const reverseMarker = /^<!--\s*studydeck-reverse\s*-->$/i

/**
 * Both directions (`reverse: true` in the front matter, or
 * `<!-- studydeck-reverse -->` on the line before a heading, for its
 * section, or before a block): the cards that ask one thing for one
 * answer get a second card, back → front, in the same note (a reversed
 * note, `reversed-note-type.ts`): terms, definitions, table cells and cards
 * written as cards. Questions, enumerations and table rows stay one-way: a
 * question's answer is rarely asked back.
 */
export function applyReverse(ctx: ExtractContext, drafts: Draft[]): void {
  if (!ctx.settings.reverse && !String(ctx.file.value ?? 'studydeck-reverse').includes('studydeck-reverse')) return
  const ranges = ctx.settings.reverse ? undefined : markedRanges(ctx)
  if (ranges && ranges.length === 0) return
  for (const draft of drafts) {
    if (draft.note || !reversible(draft)) continue
    if (!ranges || ranges.some(([start, end]) => draft.place.line >= start && draft.place.line <= end)) draft.note = 'reversed'
  }
}

function reversible(draft: Draft): boolean {
  return draft.kind === 'flashcard' || (draft.kind === 'list' && draft.rule !== 'list-enumeration') || (draft.kind === 'table' && draft.rule === 'table-cell')
}

/** The lines (first and last) of the sections and blocks a marker turns around. */
function markedRanges(ctx: ExtractContext): Array<[number, number]> {
  const children = ctx.tree.children
  const ranges: Array<[number, number]> = []
  for (const [index, node] of children.entries()) {
    if (node.type !== 'html' || !reverseMarker.test(node.value.trim())) continue
    let next = index + 1
    while (children[next]?.type === 'html') next++
    const target = children[next]
    if (!target) continue
    const last: RootContent = target.type === 'heading' ? children[sectionEnd(children, ctx.outline.headings, next) - 1] : target
    ranges.push([target.position?.start.line ?? 0, last.position?.end.line ?? Infinity])
  }
  return ranges
}
