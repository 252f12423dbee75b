import type {List, ListItem, PhrasingContent, RootContent, Table, TableCell, TableRow} from 'mdast'
import {append, contextAt, isTaken, placeOf, skipped, type Draft, type ExtractContext} from '../context.js'
import {hasIgnoreMarker} from '../outline.js'
import {asParagraph, isOnlyLinksOrImages, phrasingText, text, trimEnd, trimStart} from '../phrasing.js'
import {headingSubject} from '../subject.js'

/** T3: cells that say "nothing here" (only as plain text: `` `-` `` is an operator; `none` is a value). */
const placeholder = /^(?:|-+|—|–|n\/?a|tbd|\?)$/i

/** T2: `Table: Caption` (also `Table 2: …`, `Table B-1: …`, `Table. …`). */
const captionPrefix = /^table(?:\s+[\w.-]+)?\s*[:.]\s*/i

/** A first column that only numbers the rows (`#`, `No.`, empty) is not the key. */
const indexHeader = /^(?:#|no\.?|nr\.?|n°|num(?:ber)?|s\.?\s*no\.?|sr\.?\s*no\.?|)$/i

/** A column whose header says it names the rows (`Term`, `Name`): the key when the first column only groups them. */
const nameHeader = /^(?:terms?|names?|words?|concepts?|items?|titles?|keywords?|vocabulary|expressions?|phrases?|compounds?|elements?|drugs?|diseases?|species)$/i

/** Callout types whose content is an example: its tables hold a worked example's values, not facts. */
const exampleCallouts = new Set(['example', 'examples', 'exercise', 'quote', 'cite'])

/**
 * Table cards (T1–T3). A row is keyed by its first cell, or by the column
 * that names the rows when the first only groups them; every other
 * non-empty cell is a card `caption › row key — column?` (minimum
 * information principle), or with `tables: row` one card per row. Tables
 * that hold no facts (a layout of pictures, a syntax demonstration, a worked
 * example's numbers) give no cards; a table whose columns are lists
 * (`| Donors | Acceptors |`) gives one card per column.
 */
export function extractTables(ctx: ExtractContext): Draft[] {
  const drafts: Draft[] = []
  const children = ctx.tree.children
  for (const [index, block] of children.entries()) {
    if (isTaken(ctx, index)) continue
    if (block.type === 'table') append(drafts, tableCards(ctx, block, children, index, index, false))
    else tablesIn(block, false, (table, siblings, at, example) => append(drafts, tableCards(ctx, table, siblings, at, index, example)))
  }
  return drafts
}

/** Blocks that hold blocks: a table is in one of these, never in a paragraph, heading or table. */
const flowContainers = new Set(['blockquote', 'list', 'listItem', 'footnoteDefinition'])

/** The tables inside a block, in document order, with their siblings, and whether they are in an example callout. */
function tablesIn(node: RootContent, example: boolean, found: (table: Table, siblings: RootContent[], at: number, example: boolean) => void) {
  if (!flowContainers.has(node.type) || !('children' in node)) return
  const inExample = example || (node.type === 'blockquote' && exampleCallouts.has(node.data?.callout?.type ?? ''))
  const children = node.children as RootContent[]
  for (const [at, child] of children.entries()) {
    if (child.type === 'table') found(child, children, at, inExample)
    else tablesIn(child, inExample, found)
  }
}

/** A table as cards read it: its header (with a second row of glosses joined), its rows, cells filled in. */
interface Grid {
  headers: PhrasingContent[][]
  /** Header texts. */
  names: string[]
  rows: TableRow[]
  /** Each row's cells, a blank first cell taking the value above (grouped rows). */
  cells: TableCell[][]
  columns: number
}

function tableCards(ctx: ExtractContext, table: Table, siblings: RootContent[], at: number, topIndex: number, example: boolean): Draft[] {
  const [head, ...allRows] = table.children
  let body = allRows.filter((row) => {
    if (!row.children.some((cell) => hasIgnoreMarker(cell.children))) return true
    skipped(ctx, row, 'ignored', 'Row opted out with `<!-- studydeck-ignore -->`')
    return false
  })
  const columns = head ? head.children.length : 0
  if (columns < 2 || body.length === 0) {
    skipped(ctx, table, 'table-too-small', 'Table needs 2 or more columns and a body row to make cards')
    return []
  }
  if (example) {
    skipped(ctx, table, 'table-not-facts', 'Table in an example callout holds a worked example’s values, not facts: no cards')
    return []
  }
  const headers = head.children.map((cell) => cell.children)
  // A second header row of glosses (`| | | *female* | *male* |`): part of the column headers.
  if (isGlossRow(body[0], body.length)) {
    glossHeaders(headers, body[0])
    skipped(ctx, body[0], 'table-header-gloss', 'Second header row: its words join the column headers')
    body = body.slice(1)
  }
  const names = headers.map((cells) => phrasingText(cells))
  if (names.slice(1).length >= 3 && names.slice(1).every((name) => /^[-+]?\d+(?:\.\d+)?$/.test(name))) {
    skipped(ctx, table, 'table-not-facts', 'Columns headed by numbers (`| index | 0 | 1 | 2 |`): a worked example’s values, not facts: no cards')
    return []
  }
  if (isSyntaxDemo(body)) {
    skipped(ctx, table, 'table-not-facts', 'Table shows Markdown syntax and how it renders: a demonstration, not facts: no cards')
    return []
  }
  const grid: Grid = {headers, names, rows: body, cells: filledCells(body, columns), columns}
  const context = contextAt(ctx, topIndex)
  const caption = captionOf(ctx, siblings, at) ?? headingCaption(context)

  const indexed = isIndexColumn(head, body) && columns > 2
  if (body.every((row) => row.children.every((cell, column) => (indexed && column === 0) || isBlankOrLinks(cell)))) {
    skipped(ctx, table, 'table-links-only', 'Table holds only links or images (navigation or badges)')
    return []
  }
  if (body.some((row) => row.children.some((cell) => isImageCell(cell)) && row.children.every((cell) => isImageCell(cell) || phrasingText(cell.children) === ''))) {
    return layoutCards(ctx, table, grid, caption, context)
  }
  if (isListColumns(grid)) return columnCards(ctx, table, grid, caption, context)

  let keyColumn = indexed ? 1 : 0
  if (indexed) skipped(ctx, table, 'table-index-column', 'First column only numbers the rows: rows are keyed by the second')
  // A first column that only groups the rows (blank cells under a value, or values that repeat) yields the key to the column naming them.
  let groupColumn: number | undefined
  const named = keyColumn === 0 ? nameColumn(grid) : undefined
  if (named !== undefined) {
    const numeric = grid.cells.every((cells) => /^\d+(?:\.\d+)?$/.test(phrasingText(cells[0]?.children ?? [])))
    if (!numeric) groupColumn = 0
    keyColumn = named
    skipped(ctx, table, 'table-name-column', 'First column groups the rows: rows are keyed by `' + names[named] + '`' + (numeric ? '' : ', their group shown before the key'))
  }

  // Columns without a header: the first asks for the row key alone (a gloss, `| ŝafo | *sheep* |`), any other makes no card.
  let bareColumn: number | undefined
  const valueColumns = [...Array(columns).keys()].filter((column) => {
    if (column === keyColumn || column === groupColumn || (indexed && column === 0)) return false
    const cells = grid.cells.map((row) => row[column])
    const name = names[column]
    if (isLinkColumn(name, cells)) {
      skipped(ctx, head.children[column] ?? table, 'table-link-column', 'Column `' + name + '` holds only links (URLs, “docs”, badges): no cards')
      return false
    }
    if (isStyleColumn(cells)) {
      skipped(ctx, head.children[column] ?? table, 'table-style-column', 'Column `' + name + '` holds only colours or sizes (`#2563eb`, `12px`): no cards')
      return false
    }
    if (isSampleColumn(cells)) {
      skipped(ctx, head.children[column] ?? table, 'table-sample-column', 'Column `' + name + '` holds code samples (several per cell): no cards')
      return false
    }
    if (name === '') {
      if (bareColumn !== undefined) {
        skipped(ctx, head.children[column] ?? table, 'table-column-no-header', 'Column ' + (column + 1) + ' has no header: no cards')
        return false
      }
      bareColumn = column
    }
    return true
  })
  if (valueColumns.length === 0) return []
  const rows: number[] = []
  for (const [position, row] of body.entries()) {
    const cells = grid.cells[position]
    const key = cells[keyColumn]
    if (!key || !phrasingText(key.children)) {
      skipped(ctx, row, 'table-row-no-key', 'Row has no key in its ' + (keyColumn === 0 ? 'first cell' : '`' + names[keyColumn] + '` cell'))
      continue
    }
    if (valueColumns.every((column) => !cells[column] || isEmptyCell(cells[column]))) {
      skipped(ctx, row, 'table-row-empty', 'Row has nothing but placeholders (`-`, `n/a`) after its key')
      continue
    }
    rows.push(position)
  }
  const keyOf = rowKeys(grid, rows, keyColumn, valueColumns.filter((column) => rows.some((position) => grid.cells[position][column] && !isEmptyCell(grid.cells[position][column]))))
  const drafts: Draft[] = []

  for (const position of rows) {
    const row = body[position]
    const cells = grid.cells[position]
    const group = groupColumn === undefined ? [] : [trimmed(cells[groupColumn].children)]
    if (ctx.settings.tableMode === 'row') {
      const items: ListItem[] = []
      for (const column of valueColumns) {
        const cell = cells[column]
        if (cell && isAnswerCell(ctx, cell)) items.push(listItem([strong(column === bareColumn ? [text('Meaning')] : headers[column]), text(': '), ...cell.children]))
      }
      if (items.length === 0) continue
      const list: List = {type: 'list', ordered: false, spread: false, children: items}
      drafts.push({kind: 'table', rule: 'table-row', parts: withCaption(caption, [...group, keyOf(position)]), answer: [list], context, place: placeOf(row)})
      continue
    }
    for (const column of valueColumns) {
      const cell = cells[column]
      if (!cell || !isAnswerCell(ctx, cell)) continue
      const bare = column === bareColumn
      drafts.push({
        kind: 'table',
        rule: bare ? 'table-gloss' : 'table-cell',
        parts: withCaption(caption, [...group, keyOf(position, column), ...(bare ? [] : [headers[column]])]),
        answer: [asParagraph(cell.children)],
        context,
        place: placeOf(row.children[column] ?? row)
      })
    }
  }
  return drafts
}

/**
 * The first body row is a second header row when its first cell is empty
 * and its other cells hold a few words each (`| | | *female* | *male* |`):
 * glosses of the headers above them.
 */
function isGlossRow(row: TableRow | undefined, rows: number): boolean {
  if (!row || rows < 2 || phrasingText(row.children[0]?.children ?? []) !== '') return false
  const filled = row.children.slice(1).filter((cell) => phrasingText(cell.children) !== '')
  return filled.length > 0 && filled.every((cell) => phrasingText(cell.children).split(/\s+/).length <= 3 && !isImageCell(cell))
}

/** `-in-` over `*female*` reads `-in- (female)`. */
function glossHeaders(headers: PhrasingContent[][], row: TableRow) {
  for (const [column, cell] of row.children.entries()) {
    const gloss = trimmed(plainEmphasis(cell.children))
    if (column >= headers.length || phrasingText(gloss) === '') continue
    headers[column] = phrasingText(headers[column]) === '' ? gloss : [...trimmed(headers[column]), text(' ('), ...gloss, text(')')]
  }
}

/** Emphasis around a whole gloss is how it is set, not what it says. */
function plainEmphasis(nodes: PhrasingContent[]): PhrasingContent[] {
  const content = trimmed(nodes)
  return content.length === 1 && content[0].type === 'emphasis' ? content[0].children : content
}

function trimmed(nodes: PhrasingContent[]): PhrasingContent[] {
  return trimEnd(trimStart(nodes))
}

/**
 * Each row's cells; a blank first cell takes the value of the cell above it
 * when the table groups its rows (`| Primary | SN2 |` then `| | E2 |`):
 * the rows below a value belong to it.
 */
function filledCells(body: TableRow[], columns: number): TableCell[][] {
  let above: TableCell | undefined
  // One row without a key among keyed rows is a row without a key, not a group.
  const blanks = body.filter((row, position) => position > 0 && phrasingText(row.children[0]?.children ?? []) === '' && row.children.slice(1).some((cell) => phrasingText(cell.children) !== '')).length
  const grouping = blanks >= 2 || (blanks === 1 && body.length <= 3)
  return body.map((row) => {
    const cells = [...row.children]
    while (cells.length < columns) cells.push(emptyCell)
    const first = cells[0]
    const blank = phrasingText(first.children) === '' && !isImageCell(first)
    if (blank && grouping && above && cells.slice(1).some((cell) => phrasingText(cell.children) !== '')) cells[0] = above
    else if (!blank) above = first
    return cells
  })
}

/**
 * The column naming the rows, when the first column only groups them (its
 * values repeat, or blank cells take the value above): a column headed
 * `Term`/`Name`…, else the first whose cells are all different words.
 */
function nameColumn(grid: Grid): number | undefined {
  const firsts = grid.cells.map((cells) => phrasingText(cells[0]?.children ?? []))
  // Rows grouped under a value (blank cells below it), about two rows or more a group.
  const grouped = grid.rows.some((row, position) => phrasingText(row.children[0]?.children ?? []) === '' && firsts[position] !== '') && firsts.length >= new Set(firsts).size * 1.5
  // Words that repeat are keys told apart further on (`sich freuen` twice); numbers that repeat only count.
  const numbers = new Set(firsts).size < firsts.length && firsts.every((value) => /^[-+]?\d+(?:[.,]\d+)?$/.test(value))
  if (!grouped && !numbers) return undefined
  const distinct = (column: number) => {
    const values = grid.cells.map((cells) => phrasingText(cells[column]?.children ?? []))
    return values.every((value) => value !== '' && value.length <= 80 && !/^[-+]?\d+(?:[.,]\d+)?$/.test(value)) && new Set(values).size === values.length
  }
  const byName = grid.names.findIndex((name, column) => column > 0 && nameHeader.test(name) && distinct(column))
  if (byName > 0) return byName
  for (let column = 1; column < grid.columns; column++) if (distinct(column)) return column
  return undefined
}

/** `#` or no header over 1, 2, 3…: a row number. */
function isIndexColumn(head: TableRow, body: TableRow[]): boolean {
  if (!indexHeader.test(phrasingText(head.children[0]?.children ?? []))) return false
  const values = body.map((row) => phrasingText(row.children[0]?.children ?? []).replace(/[.)]$/, ''))
  return values.some(Boolean) && values.every((value, position) => value === '' || value === String(position + 1))
}

/**
 * Row keys. A key that repeats (`!` for macros and for negation, a group
 * of rows) is told apart by the first other column that differs in every
 * one of those rows, never by the cell the card asks for (`! (ident!(…)) ›
 * Explanation`) nor by one that holds its answer; when no column tells
 * them all apart, by their number (`1916 (2)`).
 */
function rowKeys(grid: Grid, rows: number[], keyColumn: number, valueColumns: number[]) {
  const value = (position: number, column: number) => phrasingText(grid.cells[position][column]?.children ?? [])
  const groups = new Map<string, number[]>()
  for (const position of rows) {
    const key = value(position, keyColumn)
    groups.set(key, [...(groups.get(key) ?? []), position])
  }
  return (position: number, asked?: number): PhrasingContent[] => {
    const key = grid.cells[position][keyColumn].children
    const group = groups.get(value(position, keyColumn))!
    if (group.length < 2) return key
    const answer = asked === undefined ? '' : value(position, asked).toLowerCase()
    const telling = valueColumns.find(
      (column) =>
        column !== asked &&
        group.every((member) => !isEmptyCell(grid.cells[member][column] ?? emptyCell)) &&
        new Set(group.map((member) => value(member, column))).size === group.length &&
        // `sich freuen (Wir freuen uns über …) › Präposition` would give `über` away.
        !(answer && value(position, column).toLowerCase().includes(answer))
    )
    if (telling !== undefined) return [...key, text(' ('), ...trimmed(grid.cells[position][telling].children), text(')')]
    return [...key, text(' (' + (group.indexOf(position) + 1) + ')')]
  }
}

/**
 * A table laid out as columns of pictures (`| 1. Carbon atoms | 2. Hydrogen
 * atoms |` over a row of images, a row of their names, a row saying what
 * each shows): a card per cell of a row of sentences, asked by its column
 * header; the image and name rows only illustrate.
 */
function layoutCards(ctx: ExtractContext, table: Table, grid: Grid, caption: PhrasingContent[][] | undefined, context: string[]): Draft[] {
  const drafts: Draft[] = []
  for (const [position, row] of grid.rows.entries()) {
    const cells = grid.cells[position]
    const sentences = cells.filter((cell) => phrasingText(cell.children).split(/\s+/).length >= 6)
    if (sentences.length === 0 || sentences.length * 2 < cells.filter((cell) => phrasingText(cell.children) !== '').length) continue
    for (const [column, cell] of cells.entries()) {
      if (column >= grid.headers.length) break
      const header = withoutNumber(grid.headers[column])
      if (phrasingText(header) === '' || phrasingText(cell.children).split(/\s+/).length < 6) continue
      drafts.push({kind: 'table', rule: 'table-layout', parts: withCaption(caption, [header]), answer: [asParagraph(cell.children)], context, place: placeOf(cell.position ? cell : row)})
    }
  }
  skipped(ctx, table, 'table-layout', 'Table lays out pictures in columns: only its rows of sentences make cards, asked by their column' + (drafts.length === 0 ? ' (it has none)' : ''))
  return drafts
}

/** `1. Carbon atoms` (also in bold) reads `Carbon atoms`: the number only orders the columns. */
function withoutNumber(phrasing: PhrasingContent[]): PhrasingContent[] {
  const content = trimmed(phrasing)
  if (content.length === 1 && (content[0].type === 'strong' || content[0].type === 'emphasis')) return [{...content[0], children: trimStart(content[0].children, /^\s*\d+[.)]\s+/)}]
  return trimStart(content, /^\s*\d+[.)]\s+/)
}

/**
 * A table whose columns are lists, side by side (`| Donors | Shared |
 * Acceptors |`, `| AWS | YOU |`): a row pairs cells that say nothing about
 * each other. Known by columns of different lengths (trailing blank cells,
 * the first column's among them), or by two one-word headers over first
 * cells that are phrases and second cells that list things.
 */
function isListColumns(grid: Grid): boolean {
  const blank = (position: number, column: number) => phrasingText(grid.rows[position].children[column]?.children ?? []) === ''
  const count = grid.rows.length
  if (count < 2) return false
  const trailing = (column: number) => {
    let end = count
    while (end > 0 && blank(end - 1, column)) end--
    // Blank cells only at the bottom, and at least one.
    return end < count && end > 0 && [...Array(end).keys()].every((position) => !blank(position, column))
  }
  // The first column and another end early: lists of different lengths (one row without a key is just that).
  const ends = [...Array(grid.columns).keys()].map((column) => {
    let end = count
    while (end > 0 && blank(end - 1, column)) end--
    return trailing(column) ? end : count
  })
  if (ends[0] < count && ends.slice(1).some((end) => end < count)) return true
  if (grid.columns !== 2 || !grid.names.every((name) => /^\S+$/.test(name))) return false
  const firsts = grid.rows.map((row) => phrasingText(row.children[0]?.children ?? []))
  const seconds = grid.rows.map((row) => phrasingText(row.children[1]?.children ?? []))
  const words = firsts.reduce((sum, value) => sum + value.split(/\s+/).length, 0) / count
  return words >= 4 && seconds.filter((value) => value.includes(', ')).length * 2 >= count
}

/** One card per column of a table of lists: `caption › header` → its cells. */
function columnCards(ctx: ExtractContext, table: Table, grid: Grid, caption: PhrasingContent[][] | undefined, context: string[]): Draft[] {
  skipped(ctx, table, 'table-column', 'Columns of the table are lists side by side (a row pairs unrelated cells): one card per column')
  const drafts: Draft[] = []
  for (let column = 0; column < grid.columns; column++) {
    const items = grid.rows.map((row) => row.children[column]).filter((cell): cell is TableCell => cell !== undefined && !isEmptyCell(cell))
    if (items.length === 0 || phrasingText(grid.headers[column]) === '') continue
    const list: List = {type: 'list', ordered: false, spread: false, children: items.map((cell) => listItem(cell.children))}
    drafts.push({kind: 'table', rule: 'table-column', parts: withCaption(caption, [grid.headers[column]]), answer: [list], context, place: placeOf(table)})
  }
  return drafts
}

function withCaption(caption: PhrasingContent[][] | undefined, parts: PhrasingContent[][]): PhrasingContent[][] {
  return caption ? [...caption, ...parts] : parts
}

/** T2: a `Table: …` paragraph just above (or just below) the table, maybe in a `<span class="caption">`. */
function captionOf(ctx: ExtractContext, siblings: RootContent[], at: number): PhrasingContent[][] | undefined {
  for (const candidate of [siblings[at - 1], siblings[at + 1]]) {
    if (candidate?.type !== 'paragraph') continue
    const phrasing = trimEnd(trimStart(candidate.children.filter((node) => node.type !== 'html')))
    const first = phrasing[0]
    if (first?.type !== 'text' || !captionPrefix.test(first.value)) continue
    ctx.consumed.add(candidate)
    return [trimStart(phrasing, captionPrefix)]
  }
  return undefined
}

/**
 * Else the nearest heading names the table; a heading that only names a
 * kind of part (`Test`, `Results`, `Side effects`) comes after the one
 * naming its subject (`Biuret reagent › Test`).
 */
function headingCaption(context: string[]): PhrasingContent[][] | undefined {
  const subject = headingSubject(context)
  return subject.length > 0 ? subject.map((heading) => [text(heading)]) : undefined
}

/** A cell worth a card: not empty, not a placeholder, not a badge. */
function isAnswerCell(ctx: ExtractContext, cell: TableCell): boolean {
  if (isEmptyCell(cell)) return false
  if (isImageCell(cell)) {
    skipped(ctx, cell, 'table-cell-image-only', 'Cell holds only images (badges): not a card')
    return false
  }
  return true
}

function isImageCell(cell: TableCell): boolean {
  return (
    cell.children.length > 0 &&
    cell.children.every((node) => node.type === 'image' || node.type === 'imageReference' || (node.type === 'link' && node.children.every((child) => child.type === 'image')) || (node.type === 'html' && /^<img\b[^>]*>$/i.test(node.value.trim())) || (node.type === 'text' && !node.value.trim()) || node.type === 'break') &&
    cell.children.some((node) => node.type !== 'text' && node.type !== 'break')
  )
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

/** Colours and sizes (`#2563eb`, `rgb(0 0 0)`, `12px`, `1.5rem`): a theme's settings, not facts. */
const styleValue = /^(?:#[\da-f]{3,8}|(?:rgb|rgba|hsl|hsla)\([^)]*\)|-?\d+(?:\.\d+)?(?:px|em|rem|pt|%|vh|vw))$/i

function isStyleColumn(cells: Array<TableCell | undefined>): boolean {
  const values = cells.filter((cell): cell is TableCell => cell !== undefined && !isEmptyCell(cell)).map((cell) => phrasingText(cell.children))
  return values.length > 0 && values.every((value) => styleValue.test(value))
}

/** Cells each holding several code samples (`` `a ==b==` `` `<br>` Or, with hint: `<br>` `` `a ==b==^[c]` ``): usage examples. */
function isSampleColumn(cells: Array<TableCell | undefined>): boolean {
  const filled = cells.filter((cell): cell is TableCell => cell !== undefined && !isEmptyCell(cell))
  return filled.length > 0 && filled.every((cell) => cell.children.filter((node) => node.type === 'inlineCode').length >= 2 && cell.children.some((node) => node.type === 'html' && /^<br\s*\/?>$/i.test(node.value.trim())))
}

/**
 * A table of Markdown written as code and the same words as it renders
 * (`` | `**bold**` | **bold** | ``): a demonstration of syntax. Most rows'
 * first cell is code, and holds the words of the cell after it.
 */
function isSyntaxDemo(body: TableRow[]): boolean {
  const demo = body.filter((row) => {
    const [key, result] = row.children
    if (!key || !result || !key.children.some((node) => node.type === 'inlineCode')) return false
    const code = key.children.filter((node) => node.type === 'inlineCode').map((node) => (node as {value: string}).value.toLowerCase()).join(' ')
    const shown = phrasingText(result.children).toLowerCase()
    return shown !== '' && /[*_~=`[\]#>|]/.test(code) && code.includes(shown)
  })
  return demo.length >= 3 && demo.length * 3 >= body.length * 2
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
