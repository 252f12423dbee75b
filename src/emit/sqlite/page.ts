/**
 * One b-tree page's bytes: its header, its cells laid from the end of the
 * page down with their pointers after the header, and the overflow pages of
 * payloads too large for it.
 * https://www.sqlite.org/fileformat2.html#b_tree_pages
 */
import {put2, put4, varintLength, writeVarint} from './bytes.js'
import {pageSize, usable, type PageFile} from './page-file.js'
import type {Arena} from './record.js'

/** A cell whose payload (a record) sits in the arena, preceded by the cell's own header bytes. */
export interface PayloadCell {
  /** The arena's chunk the cell is in (`Arena.chunks`); the offsets below are in it. */
  chunk: number
  /** Start of the cell: the payload size varint (and rowid varint, for table leaves). */
  head: number
  /** Start and end of the payload (the record). */
  payload: number
  end: number
  /** Payload bytes kept on the page; the rest goes to overflow pages. */
  local: number
  /** The rowid (table cells only). */
  key: number
}

/** A child of a table interior page. */
export interface ChildPage {
  page: number
  /** Largest rowid in the subtree. */
  key: number
}

/** Bytes a cell takes on its page, without its 2-byte pointer. */
export function cellSize(cell: PayloadCell): number {
  return cell.payload - cell.head + cell.local + (cell.local < cell.end - cell.payload ? 4 : 0)
}

/** §1.7 "Cell Payload Overflow Pages": a chain of pages, each a 4-byte next-page number then U−4 payload bytes. */
function writeOverflow(file: PageFile, arena: Arena, chunk: number, start: number, end: number): number {
  const room = usable - 4
  const count = Math.ceil((end - start) / room)
  const first = file.allocate(count)
  for (let index = 0; index < count; index++) {
    file.later(first + index, (page) => {
      put4(page, 0, index + 1 < count ? first + index + 1 : 0)
      arena.copyOut(page, 4, chunk, start + index * room, Math.min(end, start + (index + 1) * room))
    })
  }
  return first
}

/**
 * A page of payload cells: a table leaf (0x0D), an index leaf (0x0A), or an
 * index interior page (0x02), whose cells start with a left child. Overflow
 * pages are numbered now, written with the page. Cells are laid from the end
 * of the page down, in key order, as SQLite's own page rebuild does; the
 * header and cell pointers grow from the top.
 */
export function writePayloadPage(file: PageFile, arena: Arena, number: number, flag: number, cells: PayloadCell[], children?: number[], right = 0) {
  const overflow = cells.map((cell) => (cell.local < cell.end - cell.payload ? writeOverflow(file, arena, cell.chunk, cell.payload + cell.local, cell.end) : 0))
  file.later(number, (page) => writeCells(page, number === 1 ? 100 : 0, arena, flag, cells, overflow, children, right))
}

/** The cells, from the end of the page down; their pointers, in key order, after the page header. */
function writeCells(page: Uint8Array, header: number, arena: Arena, flag: number, cells: PayloadCell[], overflow: number[], children: number[] | undefined, right: number) {
  const pointers = header + (children ? 12 : 8)
  let top = pageSize
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index]
    top -= cellSize(cell) + (children ? 4 : 0)
    let at = top
    if (children) at = put4(page, at, children[index])
    at = arena.copyOut(page, at, cell.chunk, cell.head, cell.payload + cell.local)
    if (overflow[index]) put4(page, at, overflow[index])
    put2(page, pointers + 2 * index, top)
  }
  writePageHeader(page, header, flag, cells.length, top, right)
}

/** A table interior page (0x05): cells of a left child and the largest rowid under it. */
export function writeTableInterior(file: PageFile, number: number, children: ChildPage[], right: number) {
  file.later(number, (page) => writeChildCells(page, number === 1 ? 100 : 0, children, right))
}

/** Table interior cells: left child's page number, then the largest rowid under it. */
function writeChildCells(page: Uint8Array, header: number, children: ChildPage[], right: number) {
  let top = pageSize
  for (const [index, child] of children.entries()) {
    top -= 4 + varintLength(child.key)
    writeVarint(page, put4(page, top, child.page), child.key)
    put2(page, header + 12 + 2 * index, top)
  }
  writePageHeader(page, header, 0x05, children.length, top, right)
}

/** §1.6 "B-tree Pages": the 8-byte (leaf) or 12-byte (interior) page header. No freeblocks, no fragments. */
function writePageHeader(page: Uint8Array, at: number, flag: number, cells: number, contentStart: number, right: number) {
  page[at] = flag
  put2(page, at + 1, 0) // first freeblock: none
  put2(page, at + 3, cells)
  put2(page, at + 5, contentStart)
  page[at + 7] = 0 // fragmented free bytes
  if (flag === 0x05 || flag === 0x02) put4(page, at + 8, right)
}
