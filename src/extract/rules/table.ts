import type {List, ListItem, PhrasingContent, RootContent, Table, TableCell, TableRow} from 'mdast'
import {append, contextAt, isTaken, placeOf, skipped, type Draft, type ExtractContext} from '../context.js'
import {hasIgnoreMarker} from '../outline.js'
import {asParagraph, isOnlyLinksOrImages, phrasingText, text, trimEnd, trimStart} from '../phrasing.js'

/** T3: cells that say "nothing here" (only as plain text: `` `-` `` is an operator). */
const placeholder = /^(?:|-+|—|–|n\/?a|none|tbd|\?)$/i

/** T2: `Table: Caption` (also `Table 2: …`, `Table B-1: …`, `Table. …`). */
const captionPrefix = /^table(?:\s+[\w.-]+)?\s*[:.]\s*/i

/** A first column that only numbers the rows (`#`, `No.`, empty) is not the key. */
const indexHeader = /^(?:#|no\.?|nr\.?|n°|num(?:ber)?|s\.?\s*no\.?|sr\.?\s*no\.?|)$/i

/**
 * Table cards (T1–T3): a row is keyed by its first cell; every other
 * non-empty cell is a card `caption › row key › column` (minimum information
 * principle), or with `tables: row` one card per row.
 */
export function extractTables(ctx: ExtractContext): Draft[] {
  const drafts: Draft[] = []
  const children = ctx.tree.children
  for (const [index, block] of children.entries()) {
    if (isTaken(ctx, index)) continue
    if (block.type === 'table') append(drafts, tableCards(ctx, block, children, index, index))
    else tablesIn(block, (table, siblings, at) => append(drafts, tableCards(ctx, table, siblings, at, index)))
  }
  return drafts
}

/** Blocks that hold blocks: a table is in one of these, never in a paragraph, heading or table. */
const flowContainers = new Set(['blockquote', 'list', 'listItem', 'footnoteDefinition'])

/** The tables inside a block, in document order, with their siblings. */
function tablesIn(node: RootContent, found: (table: Table, siblings: RootContent[], at: number) => void) {
  if (!flowContainers.has(node.type) || !('children' in node)) return
  const children = node.children as RootContent[]
  for (const [at, child] of children.entries()) {
    if (child.type === 'table') found(child, children, at)
    else tablesIn(child, found)
  }
}

function tableCards(ctx: ExtractContext, table: Table, siblings: RootContent[], at: number, topIndex: number): Draft[] {
  const [head, ...allRows] = table.children
  const body = allRows.filter((row) => {
    if (!row.children.some((cell) => hasIgnoreMarker(cell.children))) return true
    skipped(ctx, row, 'ignored', 'Row opted out with `<!-- studydeck-ignore -->`')
    return false
  })
  const columns = head ? head.children.length : 0
  if (columns < 2 || body.length === 0) {
    skipped(ctx, table, 'table-too-small', 'Table needs 2 or more columns and a body row to make cards')
    return []
  }
  const keyColumn = isIndexColumn(head, body) && columns > 2 ? 1 : 0
  if (keyColumn === 1) skipped(ctx, table, 'table-index-column', 'First column only numbers the rows: rows are keyed by the second')
  if (body.every((row) => row.children.every((cell, column) => column < keyColumn || isBlankOrLinks(cell)))) {
    skipped(ctx, table, 'table-links-only', 'Table holds only links or images (navigation or badges)')
    return []
  }

  const context = contextAt(ctx, topIndex)
  const caption = captionOf(ctx, siblings, at) ?? headingCaption(context)
  const headers = head.children.map((cell, column) => (phrasingText(cell.children) ? cell.children : [text('Column ' + (column + 1))]))
  const valueColumns = [...Array(columns).keys()].filter((column) => {
    if (column <= keyColumn) return false
    if (!isLinkColumn(phrasingText(headers[column]), body.map((row) => row.children[column]))) return true
    skipped(ctx, head.children[column] ?? table, 'table-link-column', 'Column `' + phrasingText(headers[column]) + '` holds only links (URLs, “docs”, badges): no cards')
    return false
  })
  if (valueColumns.length === 0) return []
  const rows = body.filter((row) => {
    const key = row.children[keyColumn]
    if (!key || !phrasingText(key.children)) {
      skipped(ctx, row, 'table-row-no-key', 'Row has no key in its first cell')
      return false
    }
    if (valueColumns.every((column) => !row.children[column] || isEmptyCell(row.children[column]))) {
      skipped(ctx, row, 'table-row-empty', 'Row has nothing but placeholders (`-`, `n/a`) after its key')
      return false
    }
    return true
  })
  const keyOf = rowKeys(rows, keyColumn, valueColumns.filter((column) => rows.some((row) => row.children[column] && !isEmptyCell(row.children[column]))))
  const drafts: Draft[] = []

  for (const row of rows) {
    if (ctx.settings.tableMode === 'row') {
      const items: ListItem[] = []
      for (const column of valueColumns) {
        const cell = row.children[column]
        if (cell && isAnswerCell(ctx, cell)) items.push(listItem([strong(headers[column]), text(': '), ...cell.children]))
      }
      if (items.length === 0) continue
      const list: List = {type: 'list', ordered: false, spread: false, children: items}
      drafts.push({kind: 'table', rule: 'table-row', parts: withCaption(caption, [keyOf(row)]), answer: [list], context, place: placeOf(row)})
      continue
    }
    for (const column of valueColumns) {
      const cell = row.children[column]
      if (!cell || !isAnswerCell(ctx, cell)) continue
      drafts.push({
        kind: 'table',
        rule: 'table-cell',
        parts: withCaption(caption, [keyOf(row, column), headers[column]]),
        answer: [asParagraph(cell.children)],
        context,
        place: placeOf(cell)
      })
    }
  }
  return drafts
}

/** `#` or no header over 1, 2, 3…: a row number. */
function isIndexColumn(head: TableRow, body: TableRow[]): boolean {
  if (!indexHeader.test(phrasingText(head.children[0]?.children ?? []))) return false
  const values = body.map((row) => phrasingText(row.children[0]?.children ?? []).replace(/[.)]$/, ''))
  return values.some(Boolean) && values.every((value, position) => value === '' || value === String(position + 1))
}

/**
 * Row keys. A first cell that repeats (`!` for macros and for negation) is
 * told apart by the first other column that differs in every one of those
 * rows, never by the cell the card asks for (`! (ident!(…)) › Explanation`)
 * nor by one that holds its answer; when no column tells them all apart, by
 * their number (`1916 (2)`).
 */
function rowKeys(rows: TableRow[], keyColumn: number, valueColumns: number[]) {
  const value = (row: TableRow, column: number) => phrasingText(row.children[column]?.children ?? [])
  const groups = new Map<string, TableRow[]>()
  for (const row of rows) {
    const key = value(row, keyColumn)
    groups.set(key, [...(groups.get(key) ?? []), row])
  }
  return (row: TableRow, asked?: number): PhrasingContent[] => {
    const key = row.children[keyColumn].children
    const group = groups.get(value(row, keyColumn))!
    if (group.length < 2) return key
    const answer = asked === undefined ? '' : value(row, asked).toLowerCase()
    const telling = valueColumns.find(
      (column) =>
        column !== asked &&
        group.every((member) => !isEmptyCell(member.children[column] ?? emptyCell)) &&
        new Set(group.map((member) => value(member, column))).size === group.length &&
        // `sich freuen (Wir freuen uns über …) › Präposition` would give `über` away.
        !(answer && value(row, column).toLowerCase().includes(answer))
    )
    if (telling !== undefined) return [...key, text(' ('), ...trimEnd(trimStart(row.children[telling].children)), text(')')]
    return [...key, text(' (' + (group.indexOf(row) + 1) + ')')]
  }
}

function withCaption(caption: PhrasingContent[] | undefined, parts: PhrasingContent[][]): PhrasingContent[][] {
  return caption ? [caption, ...parts] : parts
}

/** T2: a `Table: …` paragraph just above (or just below) the table, maybe in a `<span class="caption">`. */
function captionOf(ctx: ExtractContext, siblings: RootContent[], at: number): PhrasingContent[] | undefined {
  for (const candidate of [siblings[at - 1], siblings[at + 1]]) {
    if (candidate?.type !== 'paragraph') continue
    const phrasing = trimEnd(trimStart(candidate.children.filter((node) => node.type !== 'html')))
    const first = phrasing[0]
    if (first?.type !== 'text' || !captionPrefix.test(first.value)) continue
    ctx.consumed.add(candidate)
    return trimStart(phrasing, captionPrefix)
  }
  return undefined
}

/** Else the nearest heading names the table. */
function headingCaption(context: string[]): PhrasingContent[] | undefined {
  const heading = context.length > 1 ? context[context.length - 1] : undefined
  return heading ? [text(heading)] : undefined
}

/** A cell worth a card: not empty, not a placeholder, not a badge. */
function isAnswerCell(ctx: ExtractContext, cell: TableCell): boolean {
  if (isEmptyCell(cell)) return false
  if (cell.children.every((node) => node.type === 'image' || node.type === 'imageReference' || (node.type === 'link' && node.children.every((child) => child.type === 'image')) || (node.type === 'text' && !node.value.trim()))) {
    skipped(ctx, cell, 'table-cell-image-only', 'Cell holds only images (badges): not a card')
    return false
  }
  return true
}

function isEmptyCell(cell: TableCell): boolean {
  if (cell.children.some((node) => node.type === 'inlineCode' || node.type === 'image' || node.type === 'inlineMath')) return false
  return placeholder.test(phrasingText(cell.children))
}

const emptyCell: TableCell = {type: 'tableCell', children: []}

/** Words that name a link rather than say something (`docs`, `review`, `here`). */
const linkWords = /^(?:links?|urls?|website|web|homepage|home|site|docs?|documentation|source|sources|repo|repository|code|github|download|demo|review|here|more|details|read more|badges?|status|ci|build)$/i

/**
 * A column of links whose text says nothing to learn: URLs, the same word
 * again and again, or a header like `Link`/`Docs`. (A column of linked names,
 * `[Tolkien](…)`, is content.)
 */
function isLinkColumn(header: string, cells: Array<TableCell | undefined>): boolean {
  const filled = cells.filter((cell): cell is TableCell => cell !== undefined && phrasingText(cell.children) !== '' && !isEmptyCell(cell))
  if (filled.length === 0 || !filled.every((cell) => isOnlyLinksOrImages(cell.children))) return false
  const texts = filled.map((cell) => phrasingText(cell.children))
  return linkWords.test(header) || texts.every((value) => linkWords.test(value) || /^(?:https?:\/\/|www\.)/i.test(value)) || (texts.length > 1 && new Set(texts).size === 1)
}

function isBlankOrLinks(cell: TableCell): boolean {
  return phrasingText(cell.children) === '' || isOnlyLinksOrImages(cell.children)
}

function strong(children: PhrasingContent[]): PhrasingContent {
  return {type: 'strong', children}
}

function listItem(children: PhrasingContent[]): ListItem {
  return {type: 'listItem', spread: false, children: [asParagraph(children)]}
}
