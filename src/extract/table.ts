import type {PhrasingContent, RootContent, Table, TableCell} from 'mdast'
import type {List, ListItem} from 'mdast'
import {visit, SKIP} from 'unist-util-visit'
import {squash} from '../text.js'
import {contextAt, placeOf, skipped, type Draft, type ExtractContext} from './context.js'
import {asParagraph, isOnlyLinksOrImages, phrasingText, trimStart} from './phrasing.js'

/** T3: cells that say "nothing here". */
const placeholder = /^(?:|-+|—|–|n\/?a|none|tbd|\?)$/i

/** T2: `Table: Caption` (also `Table 2: …`, `Table. …`). */
const captionPrefix = /^table(?:\s+[\w.-]+)?\s*[:.]\s*/i

/**
 * Table cards (T1–T3): a row is keyed by its first cell; every other
 * non-empty cell is a card `caption › row key › column` (minimum information
 * principle), or with `tables: row` one card per row.
 */
export function extractTables(ctx: ExtractContext): Draft[] {
  const drafts: Draft[] = []
  const children = ctx.tree.children
  for (const [index, block] of children.entries()) {
    if (ctx.outline.ignored.has(index)) continue
    visit(block, (node, position, parent) => {
      if (node.type === 'listItem' || node.type === 'blockquote') return
      if (node.type !== 'table') return
      const siblings: RootContent[] = parent ? (parent.children as RootContent[]) : children
      const at = parent ? position ?? 0 : index
      drafts.push(...tableCards(ctx, node, siblings, at, index))
      return SKIP
    })
  }
  return drafts
}

function tableCards(ctx: ExtractContext, table: Table, siblings: RootContent[], at: number, topIndex: number): Draft[] {
  const [head, ...body] = table.children
  const columns = head ? head.children.length : 0
  if (columns < 2 || body.length === 0) {
    skipped(ctx, table, 'table-too-small', 'Table needs 2 or more columns and a body row to make cards')
    return []
  }
  if (body.every((row) => row.children.every((cell) => isBlankOrLinks(cell)))) {
    skipped(ctx, table, 'table-links-only', 'Table holds only links or images (navigation or badges)')
    return []
  }

  const context = contextAt(ctx, topIndex)
  const caption = captionOf(ctx, siblings, at) ?? headingCaption(context)
  const headers = head.children.map((cell, column) => (phrasingText(cell.children) ? cell.children : [text('Column ' + (column + 1))]))
  const drafts: Draft[] = []
  const seenKeys = new Map<string, number>()

  for (const row of body) {
    const keyCell = row.children[0]
    if (!keyCell || !phrasingText(keyCell.children) || placeholder.test(phrasingText(keyCell.children))) {
      skipped(ctx, row, 'table-row-no-key', 'Row has no key in its first cell')
      continue
    }
    const rowKey = rowKeyOf(row.children, seenKeys)
    if (ctx.settings.tableMode === 'row') {
      const items: ListItem[] = []
      for (let column = 1; column < columns; column++) {
        const cell = row.children[column]
        if (!cell || isEmptyCell(cell)) continue
        items.push(listItem([strong(headers[column]), text(': '), ...cell.children]))
      }
      if (items.length === 0) continue
      const list: List = {type: 'list', ordered: false, spread: false, children: items}
      drafts.push({kind: 'table', rule: 'table-row', parts: withCaption(caption, [rowKey]), answer: [list], context, place: placeOf(row)})
      continue
    }
    for (let column = 1; column < columns; column++) {
      const cell = row.children[column]
      if (!cell || isEmptyCell(cell)) continue
      drafts.push({
        kind: 'table',
        rule: 'table-cell',
        parts: withCaption(caption, [rowKey, headers[column]]),
        answer: [asParagraph(cell.children)],
        context,
        place: placeOf(cell)
      })
    }
  }
  return drafts
}

/**
 * The row key: its first cell, kept apart from an earlier row with the same
 * first cell by the next cell that differs (`Paris (France)`).
 */
function rowKeyOf(cells: TableCell[], seen: Map<string, number>): PhrasingContent[] {
  const key = cells[0].children
  const plain = phrasingText(key)
  const count = seen.get(plain) ?? 0
  seen.set(plain, count + 1)
  if (count === 0) return key
  const other = cells.slice(1).find((cell) => !isEmptyCell(cell))
  const suffix = other ? phrasingText(other.children) : String(count + 1)
  return [...key, text(' (' + suffix + ')')]
}

function withCaption(caption: PhrasingContent[] | undefined, parts: PhrasingContent[][]): PhrasingContent[][] {
  return caption ? [caption, ...parts] : parts
}

/** T2: a `Table: …` paragraph just above (or just below) the table. */
function captionOf(ctx: ExtractContext, siblings: RootContent[], at: number): PhrasingContent[] | undefined {
  for (const candidate of [siblings[at - 1], siblings[at + 1]]) {
    if (candidate?.type !== 'paragraph') continue
    const first = candidate.children[0]
    if (first?.type !== 'text' || !captionPrefix.test(first.value)) continue
    ctx.consumed.add(candidate)
    return trimStart(candidate.children, captionPrefix)
  }
  return undefined
}

/** Else the nearest heading names the table. */
function headingCaption(context: string[]): PhrasingContent[] | undefined {
  const heading = context.length > 1 ? context[context.length - 1] : undefined
  return heading ? [text(heading)] : undefined
}

function isEmptyCell(cell: TableCell): boolean {
  return placeholder.test(squash(phrasingText(cell.children))) && !cell.children.some((node) => node.type === 'image')
}

function isBlankOrLinks(cell: TableCell): boolean {
  return phrasingText(cell.children) === '' || isOnlyLinksOrImages(cell.children)
}

function text(value: string): PhrasingContent {
  return {type: 'text', value}
}

function strong(children: PhrasingContent[]): PhrasingContent {
  return {type: 'strong', children}
}

function listItem(children: PhrasingContent[]): ListItem {
  return {type: 'listItem', spread: false, children: [asParagraph(children)]}
}
