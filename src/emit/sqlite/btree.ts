/**
 * Table and index b-trees, built bottom-up: cells packed into leaf pages in
 * key order, then levels of interior pages above them up to the root.
 * https://www.sqlite.org/fileformat2.html#b_tree_pages
 */
import {varintLength} from './bytes.js'
import {cellSize, writePayloadPage, writeTableInterior, type ChildPage, type PayloadCell} from './page.js'
import {pageSize, type PageFile} from './page-file.js'
import type {Arena} from './record.js'

/** Bytes free for cells and their pointers on a page. */
function pageRoom(first: boolean, interior: boolean): number {
  return pageSize - (first ? 100 : 0) - (interior ? 12 : 8)
}

/**
 * A table b-tree (a B+tree: all rows in the leaves), built bottom-up: leaves
 * filled in rowid order, then levels of interior pages whose cells hold each
 * child's largest rowid, until one page holds them all: the root.
 */
export function writeTableTree(file: PageFile, arena: Arena, cells: PayloadCell[], root?: number): number {
  const first = root === 1
  if (totalCost(cells, cells.length, leafCost) <= pageRoom(first, false)) {
    const number = root ?? file.allocate()
    writePayloadPage(file, arena, number, 0x0d, cells)
    return number
  }
  let level: ChildPage[] = []
  for (const [start, end] of packLeaves(cells, pageRoom(false, false))) {
    const number = file.allocate()
    writePayloadPage(file, arena, number, 0x0d, cells.slice(start, end))
    level.push({page: number, key: cells[end - 1].key})
  }
  for (;;) {
    // Every child but the last is a cell; the last is the right-most pointer.
    const cellCount = level.length - 1
    if (totalCost(level, cellCount, childCost) <= pageRoom(first, true)) {
      // A root on page 1 may have one child and no cell, if that child does not fit page 1: SQLite's balance-deeper does the same.
      const number = root ?? file.allocate()
      writeTableInterior(file, number, level.slice(0, cellCount), level[cellCount].page)
      return number
    }
    const upper: ChildPage[] = []
    const children = level
    for (const [start, end] of splitRuns(cellCount, (index) => childCost(children[index]), pageRoom(false, true))) {
      const number = file.allocate()
      writeTableInterior(file, number, level.slice(start, end), level[end].page)
      upper.push({page: number, key: level[end].key})
    }
    level = upper
  }
}

/**
 * An index b-tree (a true B-tree: interior cells are entries too), built
 * bottom-up: leaves of consecutive entries, with one entry between each two
 * leaves moving up into their parent, and so on up to the root.
 */
export function writeIndexTree(file: PageFile, arena: Arena, entries: PayloadCell[]): number {
  const room = pageRoom(false, false)
  if (totalCost(entries, entries.length, leafCost) <= room) {
    const number = file.allocate()
    writePayloadPage(file, arena, number, 0x0a, entries)
    return number
  }
  let nodes: number[] = []
  let separators: PayloadCell[] = []
  const leaves = splitRuns(entries.length, (index) => leafCost(entries[index]), room)
  for (const [start, end] of leaves) {
    const number = file.allocate()
    writePayloadPage(file, arena, number, 0x0a, entries.slice(start, end))
    nodes.push(number)
    if (end < entries.length) separators.push(entries[end])
  }
  const interiorRoom = pageRoom(false, true)
  for (;;) {
    // Cell i is (nodes[i], separators[i]); the last node is the right-most pointer.
    if (totalCost(separators, separators.length, interiorCost) <= interiorRoom) {
      const number = file.allocate()
      writePayloadPage(file, arena, number, 0x02, separators, nodes.slice(0, -1), nodes[nodes.length - 1])
      return number
    }
    const upperNodes: number[] = []
    const upperSeparators: PayloadCell[] = []
    for (const [start, end] of splitRuns(separators.length, (index) => interiorCost(separators[index]), interiorRoom)) {
      const number = file.allocate()
      writePayloadPage(file, arena, number, 0x02, separators.slice(start, end), nodes.slice(start, end), nodes[end])
      upperNodes.push(number)
      if (end < separators.length) upperSeparators.push(separators[end])
    }
    nodes = upperNodes
    separators = upperSeparators
  }
}

function leafCost(cell: PayloadCell): number {
  return cellSize(cell) + 2
}

function interiorCost(cell: PayloadCell): number {
  return cellSize(cell) + 6
}

/** A table interior cell: child page number, rowid varint; and its pointer. */
function childCost(child: ChildPage): number {
  return 6 + varintLength(child.key)
}

/** What the first `count` items take on a page. */
function totalCost<T>(items: T[], count: number, cost: (item: T) => number): number {
  let total = 0
  for (let index = 0; index < count; index++) total += cost(items[index])
  return total
}

/** Table leaves: as many consecutive cells as fit, page after page. */
function packLeaves(cells: PayloadCell[], room: number): Array<[number, number]> {
  const runs: Array<[number, number]> = []
  let start = 0
  let used = 0
  for (let index = 0; index < cells.length; index++) {
    const cost = leafCost(cells[index])
    if (used + cost > room) {
      runs.push([start, index])
      start = index
      used = 0
    }
    used += cost
  }
  runs.push([start, cells.length])
  return runs
}

/**
 * Split `count` cells into runs of consecutive cells that fit a page, with
 * one cell between each two runs left out: it goes up a level (an index
 * entry), or becomes the page's right-most pointer (a table interior child).
 * Every run keeps at least one cell: a page needs one, and the last run must
 * not end up empty.
 */
function splitRuns(count: number, cost: (index: number) => number, room: number): Array<[number, number]> {
  const runs: Array<[number, number]> = []
  let start = 0
  for (;;) {
    let end = start
    let used = 0
    while (end < count && used + cost(end) <= room) used += cost(end++)
    if (end === count) {
      runs.push([start, end])
      return runs
    }
    if (end - start < 2) throw new Error('Internal error: fewer than two cells fit a page')
    if (end + 1 === count) {
      // Leaving cell `end` out would leave nothing for the last run: leave out the one before.
      runs.push([start, end - 1], [end, count])
      return runs
    }
    runs.push([start, end])
    start = end + 1
  }
}
