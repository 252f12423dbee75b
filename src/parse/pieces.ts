import type {Nodes, Root, RootContent} from 'mdast'
import {forEachContentLine} from './source.js'

/**
 * Large documents are parsed in pieces. micromark copies its whole event
 * list each time a list or block quote closes, so one big document costs
 * time and memory quadratic in its size (10 MB: 30 s and 1.9 GB); pieces of
 * 64 KB parse in linear time.
 *
 * A document is cut only before an ATX heading at the start of a line (`#`
 * in column 1), outside fenced code, math and HTML blocks: there every
 * container and leaf block above has ended, so the piece after it parses
 * as it would in the whole document. The line scan that proposes cuts is a
 * guess; the parse of each piece checks it (a piece whose last block is
 * still open is joined with the next one), so a wrong guess costs time,
 * never a different tree. Link and footnote definitions hold across the
 * whole document: each piece is parsed with stand-ins for the definitions
 * of other pieces it may use, and the stand-ins are dropped after.
 */

/** Pieces are about this many characters (default: 64 KiB). */
export const pieceSize = 64 * 1024

/** Parse one piece of Markdown (a full document as far as it knows). */
export type ParsePiece = (text: string) => Root

interface Piece {
  start: number
  end: number
  tree: Root
  /** Definitions (by key) this piece was given stand-ins for. */
  given: Set<string>
}

interface Definition {
  key: string
  /** The label as written, for the stand-in. */
  label: string
  footnote: boolean
}

/**
 * Parse `text` with `parsePiece`, in pieces of about `size` characters when
 * it is larger than twice that, and stitch the trees into one whose
 * positions (line, column, offset) are those of the whole document.
 */
export function parseInPieces(text: string, parsePiece: ParsePiece, size = pieceSize): Root {
  const cuts = text.length > 2 * size ? cutPoints(text, size) : []
  if (cuts.length === 0) return parsePiece(text)

  const bounds = [0, ...cuts, text.length]
  const lines = linesBefore(text, bounds)
  const predicted = predictDefinitions(text)
  const parseAt = (start: number, end: number, given: Map<string, Definition>) => parseRange(text, start, end, lines.get(start)!, parsePiece, given)
  const pieces: Piece[] = []
  for (let index = 0; index < bounds.length - 1; ) {
    const start = bounds[index]
    let end = bounds[++index]
    // Piece 0 may hold front matter, which stand-ins must not come before: it gets them later, if it needs any.
    let piece = parseAt(start, end, start === 0 ? new Map() : wanted(text, start, end, predicted))
    while (end < text.length && endsOpen(piece.tree, text, end)) {
      end = bounds[++index]
      piece = parseAt(start, end, wanted(text, start, end, predicted))
    }
    pieces.push(piece)
  }

  // The definitions that are really there; a piece given other stand-ins than it needs is parsed again.
  const found = pieces.map((piece) => definitionsIn(piece.tree, text))
  // A label that cannot be copied (written over lines in a quote): parse whole.
  if (found.some((definitions) => definitions === undefined)) return parsePiece(text)
  const actual = new Map<string, Definition>()
  for (const definitions of found) {
    for (const definition of definitions!) if (!actual.has(definition.key)) actual.set(definition.key, definition)
  }
  for (const [index, piece] of pieces.entries()) {
    const wanted = needed(text, piece.start, piece.end, found[index]!, actual)
    if (!sameKeys(wanted, piece.given)) pieces[index] = parseAt(piece.start, piece.end, wanted)
  }

  const first = pieces[0].tree
  const last = pieces[pieces.length - 1].tree
  return {
    type: 'root',
    children: pieces.flatMap((piece) => piece.tree.children),
    position: {start: {line: 1, column: 1, offset: 0}, end: {...last.position!.end}},
    ...(first.data ? {data: first.data} : {})
  }
}

/**
 * The pieces of `text` parsed one after the other, for a caller that lets
 * each go before the next (`large/sections.ts`): memory then holds one piece's
 * tree, not the document's. Each piece gets stand-ins for the definitions
 * that a line scan predicts in other pieces. Returns whether those were the
 * ones the actual definitions call for, which is known only once every
 * piece is parsed: when not, the trees may differ from the document's, and
 * the caller must parse it whole (`parseInPieces`).
 */
export function* pieceTrees(text: string, parsePiece: ParsePiece, size = pieceSize): Generator<Root, boolean> {
  const cuts = text.length > 2 * size ? cutPoints(text, size) : []
  if (cuts.length === 0) {
    yield parsePiece(text)
    return true
  }
  const bounds = [0, ...cuts, text.length]
  const lines = linesBefore(text, bounds)
  const predicted = predictDefinitions(text)
  const parseAt = (start: number, end: number) => parseRange(text, start, end, lines.get(start)!, parsePiece, wanted(text, start, end, predicted))
  const parsed: Array<{start: number; end: number; given: Set<string>; found: Definition[]}> = []
  for (let index = 0; index < bounds.length - 1; ) {
    const start = bounds[index]
    let end = bounds[++index]
    let piece = parseAt(start, end)
    while (end < text.length && endsOpen(piece.tree, text, end)) {
      end = bounds[++index]
      piece = parseAt(start, end)
    }
    const found = definitionsIn(piece.tree, text)
    if (found === undefined) return false
    parsed.push({start, end, given: piece.given, found})
    yield piece.tree
  }
  const actual = new Map<string, Definition>()
  for (const piece of parsed) for (const definition of piece.found) if (!actual.has(definition.key)) actual.set(definition.key, definition)
  return parsed.every((piece) => sameKeys(needed(text, piece.start, piece.end, piece.found, actual), piece.given))
}

/** Lines before each bound, counted once (counting for each piece would be quadratic). */
function linesBefore(text: string, bounds: number[]): Map<number, number> {
  const lines = new Map<number, number>([[0, 0]])
  for (let index = 1; index < bounds.length; index++) lines.set(bounds[index], lines.get(bounds[index - 1])! + lineEndings(text, bounds[index - 1], bounds[index]))
  return lines
}

/** The definitions of other pieces that `[start, end)` mentions. */
function needed(text: string, start: number, end: number, own: Definition[], actual: Map<string, Definition>): Map<string, Definition> {
  const owned = new Set(own.map((definition) => definition.key))
  const result = new Map<string, Definition>()
  for (const key of labelsIn(text.slice(start, end))) {
    const definition = actual.get(key)
    if (definition && !owned.has(key)) result.set(key, definition)
  }
  return result
}

/**
 * Offsets of the lines to cut before: `#` headings outside fenced code,
 * math, HTML blocks and front matter, at least `size` characters apart.
 */
export function cutPoints(text: string, size: number): number[] {
  const cuts: number[] = []
  let previous = 0
  forEachContentLine(text, (line) => {
    if (line.start - previous >= size && /^#{1,6}(?:[ \t]|$)/.test(line.value)) {
      cuts.push(line.start)
      previous = line.start
    }
  })
  return cuts
}

/**
 * Whether the piece `[start, end)` ends inside a block that the next line
 * would continue. A block cut short by the end of the text swallows the
 * last line ending; an HTML block of kind 6 or 7 runs to a blank line.
 */
function endsOpen(tree: Root, text: string, end: number): boolean {
  const last = tree.children[tree.children.length - 1]
  const at = last?.position?.end.offset
  if (!last || at === undefined) return false
  const lastChar = text.charAt(at - 1)
  if (lastChar === '\n' || lastChar === '\r') return true
  if (last.type !== 'html') return false
  // A blank line after it ends it (a CR LF is one line ending, not two).
  const after = text.slice(at, end).replace(/^(?:\r\n|\r|\n)/, '')
  if (/^[ \t]*(?:\r\n|\r|\n)/.test(after)) return false
  // A comment ends on its line of `-->`; anything else is taken as still open.
  const value = text.slice(last.position!.start.offset!, at)
  const opening = /^ {0,3}<!--/.exec(value)
  const lastLine = value.slice(Math.max(value.lastIndexOf('\n'), value.lastIndexOf('\r')) + 1)
  const from = lastLine.length === value.length && opening ? opening[0].length : 0
  return !(opening && lastLine.indexOf('-->', from) !== -1)
}

/**
 * Parse the piece `[start, end)` with stand-ins for `given` definitions put
 * in front of it (after the front matter of piece 0), then drop the
 * stand-ins and move every position to where it is in the whole text.
 */
function parseRange(text: string, start: number, end: number, lineShift: number, parsePiece: ParsePiece, given: Map<string, Definition>): Piece {
  const slice = text.slice(start, end)
  let insertAt = 0
  if (given.size > 0 && start === 0) {
    const matter = parsePiece(slice).children[0]
    if (matter && (matter.type === 'yaml' || (matter.type as string) === 'toml')) {
      const after = /^(?:\r\n|\r|\n)?/.exec(slice.slice(matter.position!.end.offset!))![0]
      insertAt = matter.position!.end.offset! + after.length
    }
  }
  const links = [...given.values()].filter((definition) => !definition.footnote)
  const notes = [...given.values()].filter((definition) => definition.footnote)
  // A footnote definition holds the indented lines after it: an HTML comment at the margin
  // closes the last one, so a piece that starts with indented code does not go into it.
  const prefix =
    given.size === 0
      ? ''
      : links.map((definition) => '[' + definition.label + ']: #\n').join('') +
        notes.map((definition) => '\n[^' + definition.label + ']: x\n').join('') +
        (notes.length > 0 ? '\n<!---->\n' : '') +
        '\n'
  const tree = parsePiece(prefix ? slice.slice(0, insertAt) + prefix + slice.slice(insertAt) : slice)
  const prefixLines = lineEndings(prefix, 0, prefix.length)
  tree.children = tree.children.filter((node) => {
    const offset = node.position?.start.offset ?? 0
    return offset < insertAt || offset >= insertAt + prefix.length
  })
  for (const node of tree.children) move(node, insertAt, start, prefix.length, lineShift, prefixLines)
  if (tree.position) {
    shiftPoint(tree.position.start, insertAt, start, 0, lineShift, 0)
    shiftPoint(tree.position.end, insertAt, start, prefix.length, lineShift, prefixLines)
  }
  return {start, end, tree, given: new Set(given.keys())}
}

function move(node: Nodes, insertAt: number, start: number, prefixLength: number, lineShift: number, prefixLines: number) {
  const position = node.position
  if (position) {
    shiftPoint(position.start, insertAt, start, prefixLength, lineShift, prefixLines)
    shiftPoint(position.end, insertAt, start, prefixLength, lineShift, prefixLines)
  }
  if ('children' in node) for (const child of node.children) move(child, insertAt, start, prefixLength, lineShift, prefixLines)
}

function shiftPoint(point: {line: number; offset?: number}, insertAt: number, start: number, prefixLength: number, lineShift: number, prefixLines: number) {
  if (point.offset === undefined) return
  const behind = point.offset >= insertAt + prefixLength && prefixLength > 0
  point.offset += start - (behind ? prefixLength : 0)
  point.line += lineShift - (behind ? prefixLines : 0)
}

function lineEndings(text: string, from: number, to: number): number {
  let count = 0
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index)
    if (code === 10) count++
    else if (code === 13) {
      count++
      if (text.charCodeAt(index + 1) === 10) index++
    }
  }
  return count
}

/** Definitions as a line scan sees them (`[label]:` at a line start, maybe in a quote or list item), by key (the first of each). */
interface Predicted {
  all: Array<Definition & {start: number}>
  byKey: Map<string, Definition>
}

function predictDefinitions(text: string): Predicted {
  const all: Array<Definition & {start: number}> = []
  const byKey = new Map<string, Definition>()
  const line = /^[ \t]*(?:(?:>|[-*+]|\d{1,9}[.)])[ \t]*)*\[(\^?)((?:[^[\]\\\r\n]|\\.){1,999})\]:/gm
  for (let match = line.exec(text); match; match = line.exec(text)) {
    const footnote = match[1] === '^'
    const definition = {key: keyOf(match[2], footnote), label: match[2], footnote, start: match.index}
    all.push(definition)
    if (!byKey.has(definition.key)) byKey.set(definition.key, definition)
  }
  return {all, byKey}
}

/** The predicted definitions from other pieces that `[start, end)` mentions. */
function wanted(text: string, start: number, end: number, predicted: Predicted): Map<string, Definition> {
  const result = new Map<string, Definition>()
  if (predicted.all.length === 0) return result
  const own = new Set(predicted.all.filter((definition) => definition.start >= start && definition.start < end).map((definition) => definition.key))
  for (const key of labelsIn(text.slice(start, end))) {
    const definition = predicted.byKey.get(key)
    if (definition && !own.has(key)) result.set(key, definition)
  }
  return result
}

/** Every bracketed run a reference could use as its label, as definition keys. */
function labelsIn(text: string): Set<string> {
  const keys = new Set<string>()
  const bracket = /\[((?:[^[\]\\]|\\[\s\S]){0,999})\]/g
  for (let match = bracket.exec(text); match; match = bracket.exec(text)) {
    keys.add(keyOf(match[1], false))
    if (match[1].startsWith('^')) keys.add(keyOf(match[1].slice(1), true))
  }
  return keys
}

/**
 * Link and footnote definitions anywhere in a tree, with their labels as
 * written; `undefined` when a label cannot be copied (written over lines in
 * a quote or list item, it holds the `>` or indent of each line).
 */
function definitionsIn(tree: Root, text: string): Definition[] | undefined {
  const found: Definition[] = []
  let usable = true
  const visit = (node: Nodes, top: boolean) => {
    if (node.type === 'definition' || node.type === 'footnoteDefinition') {
      const footnote = node.type === 'footnoteDefinition'
      const label = writtenLabel(text, node.position?.start.offset, footnote)
      if (label === undefined || (!top && /[\r\n]/.test(label))) usable = false
      else found.push({key: keyOf(label, footnote), label: label.replace(/\r\n|\r|\n/g, ' '), footnote})
    }
    if ('children' in node) for (const child of node.children as Nodes[]) visit(child, false)
  }
  for (const child of tree.children as RootContent[]) visit(child, true)
  return usable ? found : undefined
}

function writtenLabel(text: string, offset: number | undefined, footnote: boolean): string | undefined {
  if (offset === undefined) return undefined
  const open = text.indexOf(footnote ? '[^' : '[', offset)
  if (open === -1) return undefined
  let index = open + (footnote ? 2 : 1)
  const from = index
  while (index < text.length && text[index] !== ']') index += text[index] === '\\' ? 2 : 1
  return text.slice(from, index)
}

/** micromark's `normalizeIdentifier`, with the kind of definition in front. */
function keyOf(label: string, footnote: boolean): string {
  return (footnote ? 'F:' : 'L:') + label.replace(/[\t\n\r ]+/g, ' ').replace(/^ | $/g, '').toLowerCase().toUpperCase()
}

function sameKeys(a: Map<string, unknown>, b: Set<string>): boolean {
  if (a.size !== b.size) return false
  for (const key of a.keys()) if (!b.has(key)) return false
  return true
}
